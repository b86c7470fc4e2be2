import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { NUMBERS_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { ROLLING_MEANS_CONTRACT, type RollingMeanRecord } from '@kstream/contract-rolling-means';
import { DLQ_HEADERS, type TopicNames } from '@kstream/contracts-core';
import { contractChecker, produceAvroWithJavaClient, testRegistryUrl } from '@kstream/contracts-core/testing';
import { frame } from '@kstream/data-access-registry';
import { startStreamApp } from '@kstream/feature-stream/testing';
import { freePort, provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, type ConsumedRecord } from '@kstream/kafka/testing';
import { AppModule } from './app.module';

const checkRecord = contractChecker(ROLLING_MEANS_CONTRACT, NUMBERS_DLQ_CONTRACT);

/** The run's schema registry (the integration setup starts a real Apicurio Registry). */
const registryUrl = testRegistryUrl;

/** A producer's own schema for numbers: another record name, a field the contract lacks, an int value. */
const READING = { type: 'record', name: 'Reading', namespace: 'com.example.sensors', fields: [{ name: 'series', type: 'string' }, { name: 'value', type: 'int' }, { name: 'unit', type: 'string' }] };
/** Not a form of the contract: the value is a string. */
const TEXT_READING = { type: 'record', name: 'TextReading', fields: [{ name: 'value', type: 'string' }] };

/**
 * Confluent-framed Avro from a client that is not this stack's (Java, Apache Avro's encoder, the
 * schema registered through the registry's Confluent-compatible API), on a real broker and a real
 * registry: the numbers are averaged like JSON ones, and every kind of bad Avro ends in the DLQ
 * with its reason while the partition goes on.
 */
describe('rolling-mean reads Avro numbers through a real schema registry', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const apps: INestApplication[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'avro-numbers-'));
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');

  async function startApp(groupId: string, registry: { url: string; unavailableMs: number }): Promise<void> {
    apps.push(await startStreamApp(AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, windowSize: 3, registry } })));
  }

  function schemaFile(name: string, schema: object): string {
    const file = join(dir, `${name}.avsc`);
    writeFileSync(file, JSON.stringify(schema));
    return file;
  }

  const means = async (series: string) =>
    (await readAll(kafka, topics.rollingMeans)).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord).filter((r) => r.series === series);

  beforeAll(async () => {
    kafka = testKafka('rolling-mean-avro-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  // Both tests' apps read the same topics, the internal one included: one app at a time.
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it("averages a Java client's Avro numbers, and dead-letters each bad Avro record with its reason while the partition goes on", async () => {
    const groupId = `rolling-mean-avro-${uniqueSuffix()}`;
    await startApp(groupId, { url: registryUrl(), unavailableMs: 5000 });
    const series = `avro-${uniqueSuffix()}`;
    // Keyed by the series: the Java client and kafkajs both partition by murmur2, so the good and the
    // bad records of the series share a partition, in the order written.
    const good = await produceAvroWithJavaClient({
      bootstrap: brokers(),
      ccompatUrl: registryUrl(),
      topic: topics.numbers,
      schemaFile: schemaFile('reading', READING),
      records: [1, 2, 3].map((value) => ({ series, value, unit: 'C' })),
      keyField: 'series',
    });
    // The subject's compatibility is the registry's default, NONE, so this second schema registers.
    const [incompatible] = await produceAvroWithJavaClient({
      bootstrap: brokers(),
      ccompatUrl: registryUrl(),
      topic: topics.numbers,
      schemaFile: schemaFile('text-reading', TEXT_READING),
      records: [{ value: 'four' }],
    });
    const bad = [
      { case: 'unknown schema id', value: frame(999_999, Buffer.from([2])), reason: 'avro-schema-unknown' },
      { case: 'frame too short', value: Buffer.from([0, 0, 1]), reason: 'avro-undecodable' },
      { case: 'bytes not of the schema', value: frame(good[0].schemaId, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), reason: 'avro-undecodable' },
    ];
    await producer.send({ topic: topics.numbers, messages: [...bad.map((b) => ({ key: series, value: b.value, headers: { case: b.case } })), { key: series, value: '4' }] });
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);

    expect((await means(series)).map((r) => [r.value, r.mean])).toEqual([
      [1, null],
      [2, null],
      [3, 2],
      [4, 3],
    ]);
    const fromIncompatible = (r: ConsumedRecord) => r.headers[DLQ_HEADERS.sourcePartition] === String(incompatible.partition) && r.headers[DLQ_HEADERS.sourceOffset] === incompatible.offset;
    const dlq = (await readAll(kafka, topics.numbersDlq)).filter((r) => r.key === series || fromIncompatible(r));
    for (const r of dlq) checkRecord('numbersDlq', { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    const reasons = Object.fromEntries(dlq.map((r) => [r.headers['case'] ?? 'incompatible schema', r.headers[DLQ_HEADERS.reason]]));
    expect(reasons).toEqual({ ...Object.fromEntries(bad.map((b) => [b.case, b.reason])), 'incompatible schema': 'avro-schema-incompatible' });
    // The dead letter keeps the Avro bytes as they came, for a redrive once the cause is fixed.
    const unknown = dlq.find((r) => r.headers['case'] === 'unknown schema id');
    expect(unknown?.message.value).toEqual(bad[0].value);
    expect(unknown?.headers[DLQ_HEADERS.sourceTopic]).toBe(topics.numbers);
  });

  it('waits for an unreachable registry as long as configured, then dead-letters, and goes on', async () => {
    const groupId = `rolling-mean-avro-down-${uniqueSuffix()}`;
    const closed = `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`;
    await startApp(groupId, { url: closed, unavailableMs: 1500 });
    const series = `down-${uniqueSuffix()}`;
    await producer.send({ topic: topics.numbers, messages: [{ key: series, value: frame(1, Buffer.from([2])), headers: { case: 'down' } }, { key: series, value: '5' }] });
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);
    expect((await means(series)).map((r) => r.value)).toEqual([5]);
    const dead = (await readAll(kafka, topics.numbersDlq)).filter((r) => r.key === series);
    expect(dead.map((r) => r.headers[DLQ_HEADERS.reason])).toEqual(['schema-registry-unavailable']);
    expect(dead[0].headers[DLQ_HEADERS.error]).toMatch(/could not be fetched for \d+ s/);
  });
});
