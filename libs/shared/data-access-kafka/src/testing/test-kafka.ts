import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { suffixedTopicNames, type TopicNames } from '@kstream/contracts-core';
import { kafkaClientConfig, loadKafkaEnv, provisionTopics, withRetries, type KafkaEnv } from '../index';
import { waitFor } from './wait-for';

/** The broker the integration run started (jest global setup puts it in KAFKA_BROKERS). */
export function testKafkaEnv(): KafkaEnv {
  if (!process.env['KAFKA_BROKERS']) throw new Error('KAFKA_BROKERS is not set: run integration tests with `npm run test:integration`');
  return loadKafkaEnv({ ...process.env, KAFKA_LOG_LEVEL: process.env['KAFKA_LOG_LEVEL'] ?? 'nothing' });
}

export function testKafka(clientId = 'test'): Kafka {
  return new Kafka({ ...kafkaClientConfig(testKafkaEnv(), clientId), logLevel: logLevel.NOTHING });
}

/** A short random suffix so each suite has its own topics and groups on the shared broker. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** Creates a full, suffixed set of the stack's topics and returns their names. */
export async function provisionTestTopics(kafka: Kafka, suffix = uniqueSuffix()): Promise<TopicNames> {
  const names = suffixedTopicNames(suffix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, { names });
  } finally {
    await admin.disconnect();
  }
  return names;
}

/**
 * Creates `topic` and waits for its leaders. Right after the create, a loaded broker may answer the
 * leaders' metadata request with UNKNOWN_TOPIC_OR_PARTITION, which kafkajs's `waitForLeaders` does
 * not wait out: retried here, and a retry that finds the topic made by the first attempt is fine.
 */
export async function createTestTopic(admin: Admin, topic: string, numPartitions = 3): Promise<string> {
  await withRetries(async () => {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
    } catch (error) {
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  });
  return topic;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  readonly message: KafkaMessage;
}

/** A consumed message with its key, value and headers as strings (the bytes stay on `message`). */
export function consumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, message };
}

/**
 * Reads a topic from the beginning with a throw-away group until `count` records have
 * arrived (or the timeout passes), read_committed unless told otherwise.
 */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  options: { timeoutMs?: number; readUncommitted?: boolean } = {},
): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${uniqueSuffix()}`, readUncommitted: options.readUncommitted ?? false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ topic: t, partition, message }) => void records.push(consumedRecord(t, partition, message)) });
    try {
      await waitFor(() => records.length >= count, { timeoutMs: options.timeoutMs ?? 30_000, description: `${count} records on ${topic}` });
    } catch (error) {
      // What did arrive is the first thing a failed test needs.
      throw new Error(`${(error as Error).message}; got ${records.length}: ${JSON.stringify(records.slice(0, 5).map((r) => r.value))}`);
    }
    return records;
  } finally {
    await consumer.disconnect();
  }
}
