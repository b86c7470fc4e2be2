import type { EphemeralBrokerHandle } from '../kafka/ephemeral';

export default async function globalTeardown(): Promise<void> {
  const broker = (globalThis as Record<string, unknown>).__KAFKA_TEST_BROKER__ as EphemeralBrokerHandle | undefined;
  await broker?.stop();
}
