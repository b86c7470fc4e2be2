import type { EphemeralBrokerHandle } from '../kafka/ephemeral';
import type { EphemeralRegistryHandle } from '../registry/ephemeral';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  const broker = globals.__KAFKA_TEST_BROKER__ as EphemeralBrokerHandle | undefined;
  const registry = globals.__SCHEMA_REGISTRY__ as EphemeralRegistryHandle | undefined;
  await Promise.all([broker?.stop(), registry?.stop()]);
}
