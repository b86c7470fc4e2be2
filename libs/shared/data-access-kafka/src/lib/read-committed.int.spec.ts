import type { Kafka } from 'kafkajs';
import { createTestTopic, testKafka, uniqueSuffix, waitFor } from '../testing';

/**
 * A read_committed kafkajs consumer never sees an aborted record, also when the aborted
 * transactions of two producers interleave in one partition: what the exactly-once engine's
 * producers (one per input partition, several instances) write into the output partitions.
 * kafkajs 2.2.4 delivered the first producer's aborted record here; tools/patches fixes it.
 */
describe('read_committed with interleaved aborted transactions', () => {
  let kafka: Kafka;

  beforeAll(() => {
    kafka = testKafka('read-committed-test');
  });

  it('delivers only the committed record', async () => {
    const topic = `interleaved-aborts-${uniqueSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await createTestTopic(admin, topic, 1);
    const suffix = uniqueSuffix();
    const [first, second] = ['first', 'second'].map((name) =>
      kafka.producer({ transactionalId: `${name}-${suffix}`, idempotent: true, maxInFlightRequests: 1 }),
    );
    const consumer = kafka.consumer({ groupId: `read-committed-${suffix}`, readUncommitted: false, maxWaitTimeInMs: 100 });
    try {
      // In this order: which aborted record leaks depends on the order of the producer ids.
      await first.connect();
      await second.connect();
      // Offsets 0 and 1 open two transactions; the one opened second is aborted first, so the
      // broker lists the aborted transactions out of first-offset order.
      const a = await first.transaction();
      await a.send({ topic, messages: [{ value: 'aborted-first' }] });
      const b = await second.transaction();
      await b.send({ topic, messages: [{ value: 'aborted-second' }] });
      await b.abort();
      await a.abort();
      const c = await first.transaction();
      await c.send({ topic, messages: [{ value: 'committed' }] });
      await c.commit();

      const seen: string[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
      await waitFor(() => seen.includes('committed'), { timeoutMs: 60_000, description: 'the committed record' });
      expect(seen).toEqual(['committed']);
    } finally {
      await consumer.disconnect();
      await Promise.all([first.disconnect(), second.disconnect()]);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
