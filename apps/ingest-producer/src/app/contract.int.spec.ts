import type { Kafka } from 'kafkajs';
import { decodeNumber, NUMBERS_CONTRACT } from '@kstream/contract-numbers';
import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { decodeTextLine, TEXT_LINES_CONTRACT } from '@kstream/contract-text-lines';
import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import type { TopicKey, TopicNames } from '@kstream/contracts-core';
import { contractChecker } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readRecords, testKafka, type ConsumedRecord } from '@kstream/kafka/testing';
import { recordAt, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

/** Every record the app writes is checked against the contract of its topic. */
const checkRecord = contractChecker(TEXT_LINES_CONTRACT, NUMBERS_CONTRACT);

/**
 * Provider side of the text-lines and numbers contracts: what ingest-producer writes, from every
 * entry point, matches the contract its consumers decode with. The valid fixtures of the contracts
 * library are sent through the HTTP API and must come out, once decoded by the consumers' own
 * decoder, as the text or number the fixture declares.
 */
describe('ingest-producer writes records of the text-lines and numbers contracts', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-contract-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
  });

  afterAll(async () => {
    await ingest?.app.close();
  });

  async function readChecked(topic: TopicKey, count: number): Promise<ConsumedRecord[]> {
    const records = await readRecords(kafka, topics[topic], count);
    for (const r of records) {
      checkRecord(topic, { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    }
    return records;
  }

  it('writes every valid text-lines fixture, JSON and text/plain, as a record of the contract that decodes to the same line', async () => {
    const valid = TEXT_LINE_FIXTURES.flatMap((f) => (f.expected.ok ? [f.expected] : []));
    const answers = [];
    for (const line of valid) {
      answers.push(await ingest.post('/lines', { text: line.text, ...(line.id ? { id: line.id } : {}) }));
      // text/plain drops one trailing newline, so a line with its own line breaks stays JSON-only.
      if (!/[\r\n]/.test(line.text)) answers.push(await ingest.post('/lines', `${line.text}\n`, 'text/plain'));
    }
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));

    const records = await readChecked('textLines', answers.length);
    const texts = answers.map((a) => {
      const record = recordAt(records, a.body.partition, a.body.offset);
      const decoded = decodeTextLine({ key: record?.message.key, value: record?.message.value, headers: record?.message.headers });
      return decoded.ok ? decoded.value.text : `refused: ${decoded.violation.message}`;
    });
    expect(texts).toEqual(valid.flatMap((l) => (/[\r\n]/.test(l.text) ? [l.text] : [l.text, l.text])));
  });

  it('writes every valid numbers fixture as a record of the contract that decodes to the same number and series', async () => {
    const valid = NUMBER_FIXTURES.flatMap((f) => (f.expected.ok ? [f.expected] : []));
    const answers = [];
    for (const n of valid) {
      answers.push(await ingest.post('/numbers', { value: n.value, series: n.series, ...(n.id ? { id: n.id } : {}) }));
      answers.push(await ingest.post(`/numbers?series=${encodeURIComponent(n.series)}`, String(n.value), 'text/plain'));
    }
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));

    const records = await readChecked('numbers', answers.length);
    const decoded = answers.map((a) => {
      const record = recordAt(records, a.body.partition, a.body.offset);
      const result = decodeNumber({ key: record?.message.key, value: record?.message.value, headers: record?.message.headers });
      return result.ok ? [result.value.value, result.value.series] : `refused: ${result.violation.message}`;
    });
    expect(decoded).toEqual(valid.flatMap((n) => [[n.value, n.series], [n.value, n.series]]));
  });
});
