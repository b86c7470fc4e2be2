import type { Admin, Kafka, Producer } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { ChildApp } from './child-app';
import { provisionTestTopics, testKafka, testKafkaEnv } from './test-kafka';

/**
 * What a test that drives built apps as processes needs: its own suffixed topics, an admin
 * and an idempotent producer on the test broker, and the apps it started, all closed together
 * (apps with SIGKILL: a test bed never waits on a graceful stop it did not ask for).
 */
export interface ProcessTestBed {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly topics: TopicNames;
  /** Starts a built app on the test broker with `env` on top; returns it and its base URL. */
  start(main: string, env: Record<string, string>, name: string): Promise<{ app: ChildApp; url: string }>;
  close(): Promise<void>;
}

export async function openProcessTestBed(clientId: string, suffix: string): Promise<ProcessTestBed> {
  const kafka = testKafka(clientId);
  const topics = await provisionTestTopics(kafka, suffix);
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const apps: ChildApp[] = [];
  return {
    kafka,
    admin,
    producer,
    topics,
    async start(main, env, name) {
      const app = new ChildApp(main, { KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','), ...env }, name);
      apps.push(app);
      return { app, url: await app.start() };
    },
    async close() {
      for (const app of apps) await app.kill('SIGKILL');
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}
