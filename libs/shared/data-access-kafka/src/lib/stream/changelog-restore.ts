import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface RestoreOptions {
  /** Prefix of the throw-away consumer group (deleted afterwards). */
  readonly groupPrefix: string;
  readonly timeoutMs?: number;
  /** Called while restoring, so the caller's own consumer keeps its group membership. */
  readonly onProgress?: () => void;
}

/**
 * Reads partitions of a topic from the beginning to their current end, read_committed,
 * and hands every record to `onMessage` in offset order: how a task rebuilds its store
 * from a compacted changelog (Kafka Streams' restore). kafkajs has no manual assignment,
 * so this runs a one-off consumer group and pauses the partitions it does not need.
 *
 * The end is the high watermark taken at the start. Callers must fence the previous
 * writer first (connect the partition's transactional producer), so no open transaction
 * holds the last stable offset below it. Transaction markers occupy offsets but are never
 * delivered, so progress is taken from kafkajs's batch events, which include them.
 */
export async function restorePartitions(
  kafka: Kafka,
  topic: string,
  partitions: readonly number[],
  onMessage: (partition: number, message: KafkaMessage) => void,
  options: RestoreOptions,
): Promise<{ records: number }> {
  if (partitions.length === 0) return { records: 0 };
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${options.groupPrefix}-restore-${randomBytes(4).toString('hex')}`;
  let records = 0;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const targets = new Map<number, bigint>();
    for (const p of partitions) {
      const entry = offsets.find((o) => o.partition === p);
      if (!entry) throw new Error(`partition ${p} of ${topic} does not exist`);
      if (BigInt(entry.high) > BigInt(entry.low)) targets.set(p, BigInt(entry.high));
    }
    if (targets.size === 0) return { records: 0 };

    const position = new Map<number, bigint>();
    const done = () => [...targets].every(([p, high]) => (position.get(p) ?? -1n) >= high);
    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const advance = (p: number, lastOffset: string) => {
      const next = BigInt(lastOffset) + 1n;
      if (next > (position.get(p) ?? -1n)) position.set(p, next);
      if (done()) finish();
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (targets.has(payload.partition)) advance(payload.partition, payload.lastOffset);
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          const high = targets.get(batch.partition);
          if (high === undefined) {
            consumer.pause([{ topic, partitions: [batch.partition] }]);
            return;
          }
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= high) break;
            onMessage(batch.partition, message);
            records++;
          }
          options.onProgress?.();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const timeoutMs = options.timeoutMs ?? 60_000;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`restoring ${topic} ${[...targets.keys()].join(',')} took more than ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([finished, timeout]);
      } finally {
        clearTimeout(timer);
      }
      return { records };
    } finally {
      await consumer.disconnect();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
