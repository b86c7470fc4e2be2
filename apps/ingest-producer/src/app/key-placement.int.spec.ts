import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { consoleProduce, produceWithJavaClient } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readRecords, testKafka } from '@kstream/kafka/testing';
import { startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

const KEYS = ['user-42', 'alice', 'bob', 'sensor-1', 'default', 'ключ', 'a-little-bit-long-string', 'k'];

/** Placement by the Java client, the reference implementation, is what a key's partition must match. */
describe('a key lands on the same partition as from other Kafka clients', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;
  const brokers = () => process.env['KAFKA_BROKERS'] ?? '';

  beforeAll(async () => {
    kafka = testKafka('ingest-keys-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  async function ingestPartitions(): Promise<Map<string, number>> {
    const answers = await Promise.all(KEYS.map((key) => ingest.post('/lines', { text: `from ingest ${key}`, key })));
    expect(answers.filter((a) => a.status !== 201).map((a) => ({ status: a.status, body: a.body }))).toEqual([]);
    return new Map(KEYS.map((key, i) => [key, answers[i].body.partition as number]));
  }

  async function placementOf(topic: string): Promise<Map<string, number>> {
    const records = await readRecords(kafka, topic, KEYS.length);
    return new Map(records.map((r) => [r.key ?? '', r.partition]));
  }

  it('Kafka Java client (its default partitioner: murmur2 of the key)', async () => {
    const deliveries = await produceWithJavaClient(brokers(), topics.wordCounts, KEYS.map((key) => ({ key, value: 'from java' })));
    expect(await ingestPartitions()).toEqual(new Map(KEYS.map((key, i) => [key, deliveries[i].partition])));
  });

  it('Kafka console producer', async () => {
    await consoleProduce(
      brokers(),
      topics.wordAlerts,
      KEYS.map((key) => `${key}:from the console`),
      { readerProperties: { 'parse.key': true, 'key.separator': ':' } },
    );
    expect(await ingestPartitions()).toEqual(await placementOf(topics.wordAlerts));
  });
});
