import type { Kafka } from 'kafkajs';
import { withTimeout } from '../common/kafka-admin.service';

/**
 * Commits offsets for an empty group. kafkajs's admin.setOffsets does the same through
 * a consumer that joins the group, seeks and leaves, but with the default 5 s fetch wait,
 * so every reset took 5 s; this one waits 100 ms.
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: { partition: number; offset: number }[],
  timeoutMs: number,
): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, retry: { retries: 2 } });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined });
    // Nothing is read: the seeks are committed on the first fetch round, then the consumer leaves.
    consumer.pause([{ topic }]);
    for (const p of partitions) consumer.seek({ topic, partition: p.partition, offset: String(p.offset) });
    await withTimeout(fetched, timeoutMs, () => new Error(`offsets of group "${groupId}" not committed within ${timeoutMs} ms`));
    await consumer.stop();
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
