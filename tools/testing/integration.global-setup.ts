import { startEphemeralBroker } from '../kafka/ephemeral';
import { kafkaClasspath } from '../kafka/jars';

/**
 * One real Kafka broker for the whole integration run, on free ports in a temp dir, so
 * it never collides with a broker `npm start` is running. Suites share it and keep
 * apart through their own topic and group names. KAFKA_TEST_BROKERS points the run at
 * an existing cluster instead. KAFKA_CLASSPATH tells the suites' Java producers (libraries may
 * not import the tooling) where the tooling keeps the jars.
 */
export default async function globalSetup(): Promise<void> {
  process.env.KAFKA_CLASSPATH ??= kafkaClasspath();
  const existing = process.env.KAFKA_TEST_BROKERS;
  if (existing) {
    process.env.KAFKA_BROKERS = existing;
    return;
  }
  const started = Date.now();
  const broker = await startEphemeralBroker({ name: 'integration' });
  process.env.KAFKA_BROKERS = broker.bootstrap;
  (globalThis as Record<string, unknown>).__KAFKA_TEST_BROKER__ = broker;
  process.stdout.write(`\nKafka test broker on ${broker.bootstrap} (pid ${broker.pid}, up in ${Date.now() - started} ms)\n`);
}
