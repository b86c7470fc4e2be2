import type { Kafka, KafkaMessage } from 'kafkajs';
import { restorePartitions } from '@kstream/kafka';

export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
  /** The record as consumed, bytes intact (for decoding again). */
  readonly message: KafkaMessage;
}

function toRecord(partition: number, message: KafkaMessage): ReadRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = first.toString();
  }
  return { partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers, message };
}

/** Every committed record of a topic up to its current end (read_committed), in partition and offset order. */
export async function readAll(kafka: Kafka, topic: string, partitions = [0, 1, 2]): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  await restorePartitions(kafka, topic, partitions, (p, m) => records.push(toRecord(p, m)), { groupPrefix: 'test-read', timeoutMs: 60_000 });
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
