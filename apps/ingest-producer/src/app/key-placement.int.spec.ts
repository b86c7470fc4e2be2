import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, readRecords, testKafka } from '@kstream/kafka/testing';
import { startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

const KEYS = ['user-42', 'alice', 'bob', 'sensor-1', 'default', 'ключ', 'a-little-bit-long-string', 'k'];
const KAFKA_LIB = path.resolve(__dirname, '../../../../.kafka/lib/*');

/** Placement by a non-JS client is the reference: a key must land where it would from Java or librdkafka. */
describe('a key lands on the same partition as from other Kafka clients', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;
  const brokers = () => process.env['KAFKA_BROKERS'] ?? '';

  beforeAll(async () => {
    // kcat is the librdkafka reference; CI installs it (.ci/run), so its absence is a failure, not a skip.
    if (spawnSync('kcat', ['-V']).status !== 0) throw new Error('kcat is not installed: apt-get install -y kcat');
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

  it('kcat (librdkafka, murmur2_random partitioner)', async () => {
    const input = KEYS.map((key) => `${key}:from kcat`).join('\n') + '\n';
    execFileSync('kcat', ['-b', brokers(), '-t', topics.wordCounts, '-P', '-K:', '-X', 'topic.partitioner=murmur2_random'], { input, timeout: 30_000 });
    expect(await ingestPartitions()).toEqual(await placementOf(topics.wordCounts));
  });

  it('Kafka console producer (Java client)', async () => {
    const input = KEYS.map((key) => `${key}:from java`).join('\n') + '\n';
    execFileSync(
      'java',
      ['-cp', KAFKA_LIB, 'org.apache.kafka.tools.ConsoleProducer', '--bootstrap-server', brokers(), '--topic', topics.wordAlerts, '--property', 'parse.key=true', '--property', 'key.separator=:'],
      { input, timeout: 60_000, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    expect(await ingestPartitions()).toEqual(await placementOf(topics.wordAlerts));
  });
});
