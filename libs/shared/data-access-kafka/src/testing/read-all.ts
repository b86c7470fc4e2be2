import type { Kafka } from 'kafkajs';
import { restorePartitions } from '../lib/stream';
import { consumedRecord, type ConsumedRecord } from './test-kafka';

/** Every committed record of a topic up to its current end (read_committed), in partition and offset order. */
export async function readAll(kafka: Kafka, topic: string, partitions = [0, 1, 2]): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  await restorePartitions(kafka, topic, partitions, (p, m) => records.push(consumedRecord(topic, p, m)), { groupPrefix: 'test-read', timeoutMs: 60_000 });
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
