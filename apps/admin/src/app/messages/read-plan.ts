import type { PartitionOffsets } from '../common/topic-lookup';

export interface PartitionRange {
  readonly partition: number;
  /** First offset to read. */
  readonly start: number;
  /** One past the last offset to read. */
  readonly end: number;
}

/**
 * Which offsets to read. With `offset`, up to `limit` records from there on each chosen
 * partition; without, the latest `limit` of each (the caller keeps the newest overall).
 * Empty ranges are dropped.
 */
export function readPlan(watermarks: readonly PartitionOffsets[], limit: number, partition?: number, offset?: number): PartitionRange[] {
  return watermarks
    .filter((w) => partition === undefined || w.partition === partition)
    .map((w) => {
      const start = offset === undefined ? Math.max(w.low, w.high - limit) : Math.max(w.low, offset);
      return { partition: w.partition, start, end: Math.min(w.high, start + limit) };
    })
    .filter((r) => r.start < r.end);
}
