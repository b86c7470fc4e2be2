import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka } from 'kafkajs';
import { TEXT_LINES_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import { WORD_ALERTS_CONTRACT, WORD_COUNTS_CONTRACT, type WordCountRecord } from '@kstream/contract-word-counts';
import { WORD_TOTALS_CONTRACT } from '@kstream/contract-word-totals';
import { DLQ_HEADERS, type TopicKey, type TopicNames } from '@kstream/contracts-core';
import { contractChecker, produceWithJavaClient } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, type ConsumedRecord } from '@kstream/kafka/testing';

import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

/** Every record the app writes is checked against the contract of its topic. */
const checkRecord = contractChecker(WORD_COUNTS_CONTRACT, WORD_ALERTS_CONTRACT, WORD_TOTALS_CONTRACT, TEXT_LINES_DLQ_CONTRACT);

/**
 * Consumer side of the text-lines contract with a producer not written in JavaScript: every
 * fixture of the contracts library, raw and JSON, valid and invalid, is produced by Kafka's Java
 * client and must end as a word-counts record or a text-lines.dlq record with the fixture's reason.
 * Provider side: every record word-count writes is checked against the contract of its topic.
 */
describe('word-count: text-lines fixtures from the Java client, outputs checked against their contracts', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  const groupId = `word-count-${uniqueSuffix()}`;
  const tag = uniqueSuffix();

  beforeAll(async () => {
    kafka = testKafka('word-count-contract-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, threshold: 6 } })],
    }).compile();
    app = moduleRef.createNestApplication();
    await startStream(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
  });

  /** The whole topology has committed: the input, then the internal topic its records went through. */
  async function drained(): Promise<void> {
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 60_000);
  }


  /** Reads a whole topic and checks every record against the contract of that topic. */
  async function readChecked(topic: TopicKey): Promise<ConsumedRecord[]> {
    const records = await readAll(kafka, topics[topic]);
    for (const r of records) {
      checkRecord(topic, { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    }
    return records;
  }

  it('ends every fixture as one word-counts record of the contract or one DLQ record with its reason', async () => {
    const fixtureHeader = `fixture-${tag}`;
    await produceWithJavaClient(
      testKafkaEnv().KAFKA_BROKERS.join(','),
      topics.textLines,
      TEXT_LINE_FIXTURES.map((f, i) => ({ ...f.record, headers: { ...f.record.headers, [fixtureHeader]: String(i) } })),
    );
    await drained();

    const inputs = await readAll(kafka, topics.textLines);
    expect(inputs).toHaveLength(TEXT_LINE_FIXTURES.length);
    const counts = await readChecked('wordCounts');
    const alerts = await readChecked('wordAlerts');
    const dlq = await readChecked('textLinesDlq');
    await readChecked('wordTotals');

    const outcomes = TEXT_LINE_FIXTURES.map((fixture, i) => {
      const input = inputs.find((r) => r.headers[fixtureHeader] === String(i));
      if (!input) throw new Error(`fixture "${fixture.name}" not found on ${topics.textLines}`);
      // The Java client sent the bytes as they are: the value read back is the fixture's.
      expect({ name: fixture.name, bytes: input.message.value?.equals(Buffer.from(fixture.record.value ?? '')) ?? fixture.record.value === null }).toEqual({ name: fixture.name, bytes: true });
      const bySource = (r: ConsumedRecord) => {
        const { source } = JSON.parse(r.value ?? '') as WordCountRecord;
        return source.partition === input.partition && source.offset === input.offset;
      };
      const out = counts.filter(bySource).map((r) => JSON.parse(r.value ?? '') as WordCountRecord);
      const dead = dlq.filter((r) => r.headers[fixtureHeader] === String(i));
      return { fixture, input, out, alerts: alerts.filter(bySource), dead };
    });

    for (const { fixture, input, out, alerts: alerted, dead } of outcomes) {
      if (fixture.expected.ok) {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 1, dlq: 0 });
        expect(out[0]).toMatchObject({ text: fixture.expected.text, words: fixture.expected.words, alert: fixture.expected.words > 6 });
        expect(out[0].id).toBe(fixture.expected.id ?? `${topics.textLines}-${input.partition}-${input.offset}`);
        expect(alerted).toHaveLength(out[0].alert ? 1 : 0);
      } else {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 0, dlq: 1 });
        expect({ name: fixture.name, reason: dead[0].headers[DLQ_HEADERS.reason] }).toEqual({ name: fixture.name, reason: fixture.expected.reason });
        expect(dead[0].headers[DLQ_HEADERS.sourcePartition]).toBe(String(input.partition));
        expect(dead[0].headers[DLQ_HEADERS.sourceOffset]).toBe(input.offset);
        expect(dead[0].message.value?.equals(input.message.value ?? Buffer.alloc(0)) ?? input.message.value === null).toBe(true);
      }
    }
  });
});
