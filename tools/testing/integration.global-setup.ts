import { startEphemeralBroker } from '../kafka/ephemeral';
import { kafkaClasspath } from '../kafka/jars';
import { startEphemeralRegistry } from '../registry/ephemeral';
import { ensureAvroJars, ensureRegistry, javaAvroClasspath } from '../registry/fetch';

/**
 * One real Kafka broker and one real schema registry (Apicurio, in memory) for the whole
 * integration run, on free ports in temp dirs, so they never collide with what `npm start` runs.
 * Suites share them and keep apart through their own topic, group and subject names.
 * KAFKA_TEST_BROKERS points the run at an existing cluster instead, SCHEMA_REGISTRY_TEST_URL at an
 * existing registry's Confluent-compatible API. KAFKA_CLASSPATH and AVRO_CLASSPATH tell the suites'
 * Java producers (libraries may not import the tooling) where the tooling keeps the jars.
 */
export default async function globalSetup(): Promise<void> {
  process.env.KAFKA_CLASSPATH ??= kafkaClasspath();
  const started = Date.now();
  // Fetched once (~110 MB), then started beside the broker: the two JVMs start in parallel.
  const registry = process.env.SCHEMA_REGISTRY_TEST_URL ? undefined : ensureRegistry().then(() => startEphemeralRegistry());
  // Awaited below; until then a failure must not count as unhandled.
  registry?.catch(() => undefined);
  const avroJars = ensureAvroJars().then(() => (process.env.AVRO_CLASSPATH ??= javaAvroClasspath()));
  const existing = process.env.KAFKA_TEST_BROKERS;
  if (existing) {
    process.env.KAFKA_BROKERS = existing;
  } else {
    const broker = await startEphemeralBroker({ name: 'integration' });
    process.env.KAFKA_BROKERS = broker.bootstrap;
    (globalThis as Record<string, unknown>).__KAFKA_TEST_BROKER__ = broker;
    process.stdout.write(`\nKafka test broker on ${broker.bootstrap} (pid ${broker.pid}, up in ${Date.now() - started} ms)\n`);
  }
  await avroJars;
  if (registry) {
    const handle = await registry;
    process.env.SCHEMA_REGISTRY_TEST_URL = handle.ccompatUrl;
    (globalThis as Record<string, unknown>).__SCHEMA_REGISTRY__ = handle;
    process.stdout.write(`Schema registry on ${handle.url} (up in ${Date.now() - started} ms)\n`);
  }
}
