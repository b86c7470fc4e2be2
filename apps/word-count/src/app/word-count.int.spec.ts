import { spawn } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CompressionTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { TEXT_LINES_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import { WORD_ALERTS_CONTRACT, WORD_COUNTS_CONTRACT, type WordCountRecord } from '@kstream/contract-word-counts';
import { WORD_TOTALS_CONTRACT } from '@kstream/contract-word-totals';
import { DLQ_HEADERS, HEADERS, JSON_CONTENT_TYPE, type TopicKey, type TopicNames } from '@kstream/contracts-core';
import { contractChecker } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, waitFor, type ConsumedRecord } from '@kstream/kafka/testing';

import { recount, latestTotals } from '../testing/totals';
import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

const KAFKA_LIB = `${process.cwd()}/.kafka/lib/*`;

/** Every record the app writes is checked against the contract of its topic. */
const checkRecord = contractChecker(WORD_COUNTS_CONTRACT, WORD_ALERTS_CONTRACT, WORD_TOTALS_CONTRACT, TEXT_LINES_DLQ_CONTRACT);

describe('word-count on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  let app: INestApplication;
  let base: string;
  const groupId = `word-count-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('word-count-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, threshold: 6 } })],
    }).compile();
    app = moduleRef.createNestApplication();
    await startStream(app);
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    await admin?.disconnect();
  });

  /** Waits until the group has committed everything produced so far to text-lines. */
  /** The whole topology has committed: the input, then the internal topic its records went through. */
  async function drained(): Promise<void> {
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 60_000);
  }


  const byKey = (records: ConsumedRecord[], key: string) => records.filter((r) => r.key === key);

  /** Every record of an output topic, each checked against the contract of that topic. */
  async function readChecked(topic: TopicKey): Promise<ConsumedRecord[]> {
    const records = await readAll(kafka, topics[topic]);
    for (const r of records) {
      checkRecord(topic, { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    }
    return records;
  }

  it('is healthy once it has joined its group', async () => {
    const body = await waitFor(async () => {
      const res = await fetch(`${base}/health`);
      return res.status === 200 ? ((await res.json()) as { checks: Record<string, { ok: boolean }> }) : undefined;
    }, { timeoutMs: 30_000, description: '/health 200' });
    expect(body.checks['consumer'].ok).toBe(true);
  });

  it('ends every fixture as one word-counts record or one DLQ record with its origin', async () => {
    const tag = uniqueSuffix();
    await producer.send({
      topic: topics.textLines,
      compression: CompressionTypes.GZIP, // the oversized fixture only fits the broker compressed
      messages: TEXT_LINE_FIXTURES.map((f, i) => ({
        key: `fx-${tag}-${i}`,
        value: f.record.value as Buffer | string | null,
        headers: (f.record.headers ?? {}) as Record<string, string>,
      })),
    });
    await drained();
    const counts = await readChecked('wordCounts');
    const alerts = await readChecked('wordAlerts');
    const dlq = await readChecked('textLinesDlq');

    TEXT_LINE_FIXTURES.forEach((fixture, i) => {
      const key = `fx-${tag}-${i}`;
      if (fixture.expected.ok) {
        const out = byKey(counts, key);
        expect({ name: fixture.name, n: out.length, dlq: byKey(dlq, key).length }).toEqual({ name: fixture.name, n: 1, dlq: 0 });
        const record = JSON.parse(out[0].value ?? '') as WordCountRecord;
        expect(record).toMatchObject({ text: fixture.expected.text, words: fixture.expected.words, alert: fixture.expected.words > 6, threshold: 6 });
        expect(record.source.topic).toBe(topics.textLines);
        if (fixture.expected.id) expect(record.id).toBe(fixture.expected.id);
        else expect(record.id).toBe(`${topics.textLines}-${record.source.partition}-${record.source.offset}`);
        expect(byKey(alerts, key)).toHaveLength(record.alert ? 1 : 0);
      } else {
        const dead = byKey(dlq, key);
        expect({ name: fixture.name, n: dead.length, out: byKey(counts, key).length }).toEqual({ name: fixture.name, n: 1, out: 0 });
        expect(dead[0].headers[DLQ_HEADERS.reason]).toBe(fixture.expected.reason);
        expect(dead[0].headers[DLQ_HEADERS.sourceTopic]).toBe(topics.textLines);
        expect(dead[0].headers[DLQ_HEADERS.service]).toBe('word-count');
        expect(dead[0].headers[DLQ_HEADERS.sourcePartition]).toMatch(/^[0-2]$/);
        expect(dead[0].headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
        for (const [name, value] of Object.entries(fixture.record.headers ?? {})) expect(dead[0].headers[name]).toBe(value);
        if (fixture.name !== 'oversized value') expect(dead[0].value ?? '').toBe(Buffer.from(fixture.record.value ?? '').toString());
      }
    });
  });

  it('counts raw lines typed into Kafka\'s console producer (a non-JS client) and JSON envelopes, with alerts and totals', async () => {
    const lines = ['the quick brown fox', 'one two three four five six seven eight', 'Kafka kafka KAFKA!'];
    await new Promise<void>((resolve, reject) => {
      const child = spawn('java', ['-cp', KAFKA_LIB, 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', testKafkaEnv().KAFKA_BROKERS[0], '--topic', topics.textLines, '--property', 'parse.key=true', '--property', 'key.separator=|'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console producer exited ${code}: ${stderr}`))));
      child.stdin.end(lines.map((l, i) => `console-${i}|${l}`).join('\n') + '\n');
    });
    await producer.send({
      topic: topics.textLines,
      messages: [{ key: 'json-1', value: JSON.stringify({ text: 'a JSON envelope with eight words in it', id: 'env-1' }), headers: { [HEADERS.contentType]: JSON_CONTENT_TYPE } }],
    });
    await drained();
    const counts = await readChecked('wordCounts');
    const alerts = await readChecked('wordAlerts');
    const expected = [
      ['console-0', 4, false],
      ['console-1', 8, true],
      ['console-2', 3, false],
      ['json-1', 8, true],
    ] as const;
    for (const [key, words, alert] of expected) {
      const out = byKey(counts, key);
      expect(out).toHaveLength(1);
      expect(JSON.parse(out[0].value ?? '')).toMatchObject({ words, alert });
      expect(byKey(alerts, key)).toHaveLength(alert ? 1 : 0);
    }
    expect(JSON.parse(byKey(counts, 'json-1')[0].value ?? '').id).toBe('env-1');

    // Totals: the latest count per word and partition, summed over partitions, equals a recount of the input.
    const totals = latestTotals(await readChecked('wordTotals'));
    expect(totals).toEqual(recount(await readAll(kafka, topics.textLines)));
    expect(totals.get('kafka')).toBe(4); // three here, one in the fixtures

    const res = await fetch(`${base}/words/top?limit=3`);
    expect(res.status).toBe(200);
    const top = (await res.json()) as { words: { word: string; count: number }[] };
    expect(top.words).toHaveLength(3);
    expect(top.words[0].count).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${base}/words/top?limit=abc`)).status).toBe(400);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/kstream_word_count_processed_total\{service="word-count"\} \d+/);
    expect(metrics).toMatch(/kstream_word_count_dlq_total\{reason="invalid-utf8",service="word-count"\} 1/);
    expect(metrics).toContain('kstream_word_count_lag');
    expect(metrics).toContain('kstream_word_count_latency_seconds_bucket');
  });
});
