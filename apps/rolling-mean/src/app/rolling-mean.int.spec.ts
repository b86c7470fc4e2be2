import { spawn } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { NUMBERS_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { ROLLING_MEAN_STATE_CONTRACT } from '@kstream/contract-rolling-mean-state';
import { ROLLING_MEANS_CONTRACT, type RollingMeanRecord } from '@kstream/contract-rolling-means';
import { DLQ_HEADERS, type TopicKey, type TopicNames } from '@kstream/contracts-core';
import { contractChecker } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, waitFor, type ConsumedRecord } from '@kstream/kafka/testing';

import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

const KAFKA_LIB = `${process.cwd()}/.kafka/lib/*`;

/** Every record the app writes is checked against the contract of its topic. */
const checkRecord = contractChecker(ROLLING_MEANS_CONTRACT, ROLLING_MEAN_STATE_CONTRACT, NUMBERS_DLQ_CONTRACT);

describe('rolling-mean on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  let app: INestApplication;
  let base: string;
  const groupId = `rolling-mean-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('rolling-mean-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, windowSize: 3 } })],
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

  /** The whole topology has committed: the input, then the internal topic its records went through. */
  async function drained(): Promise<void> {
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);
  }


  const means = (records: ConsumedRecord[], series: string) =>
    records.map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord).filter((r) => r.series === series);

  /** Every record of an output topic, each checked against the contract of that topic. */
  async function readChecked(topic: TopicKey): Promise<ConsumedRecord[]> {
    const records = await readAll(kafka, topics[topic]);
    for (const r of records) {
      checkRecord(topic, { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    }
    return records;
  }

  it('is healthy once it has joined its group', async () => {
    await waitFor(async () => (await fetch(`${base}/health`)).status === 200, { timeoutMs: 30_000, description: '/health 200' });
  });

  it('gives –, –, 2, 3 for 1, 2, 3, 4 typed into Kafka\'s console producer (a non-JS client)', async () => {
    const series = `typed-${uniqueSuffix()}`;
    await new Promise<void>((resolve, reject) => {
      const child = spawn('java', ['-cp', KAFKA_LIB, 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', testKafkaEnv().KAFKA_BROKERS[0], '--topic', topics.numbers, '--property', 'parse.key=true', '--property', 'key.separator=|'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`console producer exited ${code}: ${stderr}`))));
      child.stdin.end(['1', '2', 'abc', '3', ' 4 '].map((n) => `${series}|${n}`).join('\n') + '\n');
    });
    await drained();
    const out = means(await readChecked('rollingMeans'), series);
    expect(out.map((r) => [r.value, r.mean, r.window])).toEqual([
      [1, null, [1]],
      [2, null, [1, 2]],
      [3, 2, [1, 2, 3]],
      [4, 3, [2, 3, 4]],
    ]);
    const dlq = (await readChecked('numbersDlq')).filter((r) => r.key === series);
    expect(dlq.map((r) => [r.value, r.headers[DLQ_HEADERS.reason]])).toEqual([['abc', 'not-a-number']]);

    const one = await fetch(`${base}/series/${series}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ series, window: [2, 3, 4], count: 4, mean: 3 });
    expect((await fetch(`${base}/series/no-such-series`)).status).toBe(404);
    const list = (await (await fetch(`${base}/series`)).json()) as { series: { series: string }[] };
    expect(list.series.map((s) => s.series)).toContain(series);
  });

  it('ends every fixture as one rolling-means record or one DLQ record with its origin', async () => {
    const tag = uniqueSuffix();
    // Each fixture in a series of its own (the key), unless its JSON names one.
    await producer.send({
      topic: topics.numbers,
      messages: NUMBER_FIXTURES.map((f, i) => ({
        key: f.record.key === null ? null : `fx-${tag}-${i}`,
        value: f.record.value as Buffer | string | null,
        headers: { ...((f.record.headers ?? {}) as Record<string, string>), fixture: `${tag}-${i}` },
      })),
    });
    await drained();
    const outputs = (await readChecked('rollingMeans')).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
    const dlq = await readChecked('numbersDlq');
    const inputs = await readAll(kafka, topics.numbers);

    NUMBER_FIXTURES.forEach((fixture, i) => {
      const input = inputs.find((r) => r.headers['fixture'] === `${tag}-${i}`);
      if (!input) throw new Error(`fixture ${fixture.name} not found on the input`);
      const out = outputs.filter((o) => o.source.partition === input.partition && o.source.offset === input.offset);
      const dead = dlq.filter((d) => d.headers['fixture'] === `${tag}-${i}`);
      if (fixture.expected.ok) {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 1, dlq: 0 });
        expect(out[0].value).toBe(fixture.expected.value);
        if (fixture.record.key === null && !fixture.record.headers) expect(out[0].series).toBe('default');
      } else {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 0, dlq: 1 });
        expect(dead[0].headers[DLQ_HEADERS.reason]).toBe(fixture.expected.reason);
        expect(dead[0].headers[DLQ_HEADERS.sourceTopic]).toBe(topics.numbers);
        expect(dead[0].headers[DLQ_HEADERS.sourcePartition]).toBe(String(input.partition));
        expect(dead[0].headers[DLQ_HEADERS.sourceOffset]).toBe(input.offset);
        expect(dead[0].headers[DLQ_HEADERS.service]).toBe('rolling-mean');
        expect(dead[0].message.value?.equals(input.message.value ?? Buffer.alloc(0)) ?? input.message.value === null).toBe(true);
      }
    });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/kstream_rolling_mean_processed_total\{service="rolling-mean"\} \d+/);
    expect(metrics).toMatch(/kstream_rolling_mean_dlq_total\{reason="not-a-number",service="rolling-mean"\} \d+/);
    expect(metrics).toContain('kstream_rolling_mean_lag');
  });
});
