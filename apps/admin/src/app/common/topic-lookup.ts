import { NotFoundException } from '@nestjs/common';
import type { Admin } from 'kafkajs';

/** Internal topics (__consumer_offsets, __transaction_state, ...) start with two underscores. */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/**
 * Fails with 404 when the topic does not exist. Asked up front because kafkajs treats
 * UNKNOWN_TOPIC_OR_PARTITION as retriable and would retry for seconds before failing.
 */
export async function requireTopic(admin: Admin, topic: string): Promise<void> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) throw new NotFoundException(`topic "${topic}" does not exist`);
}

export interface PartitionOffsets {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

/** Low and high watermark of every partition of a topic, sorted by partition. */
export async function partitionOffsets(admin: Admin, topic: string): Promise<PartitionOffsets[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
    .sort((a, b) => a.partition - b.partition);
}
