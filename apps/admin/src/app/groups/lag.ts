export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Next offset the group will read; null when it never committed on this partition. */
  readonly committedOffset: number | null;
  readonly highWatermark: number | null;
  /** high watermark - committed offset; null when either is unknown. */
  readonly lag: number | null;
}

/**
 * Lag of one partition. Kafka answers -1 for "no commit"; a committed offset past the
 * high watermark (after a topic was recreated) counts as no lag rather than a negative one.
 */
export function partitionLag(topic: string, partition: number, committed: number, high: number | undefined): PartitionLag {
  const committedOffset = committed >= 0 ? committed : null;
  const highWatermark = high ?? null;
  const lag = committedOffset !== null && highWatermark !== null ? Math.max(0, highWatermark - committedOffset) : null;
  return { topic, partition, committedOffset, highWatermark, lag };
}

export function totalLag(partitions: readonly PartitionLag[]): number {
  return partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
}

/** Lag summed per topic. */
export function lagByTopic(partitions: readonly PartitionLag[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partitions) out[p.topic] = (out[p.topic] ?? 0) + (p.lag ?? 0);
  return out;
}
