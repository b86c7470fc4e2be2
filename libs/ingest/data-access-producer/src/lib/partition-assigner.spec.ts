import type { PartitionMetadata } from 'kafkajs';
import { PartitionAssigner } from './partition-assigner';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

describe('PartitionAssigner', () => {
  // Expected partitions computed with org.apache.kafka.common.utils.Utils from kafka-clients 4.3.1:
  // toPositive(murmur2(key)) % 3, what the Java client's BuiltInPartitioner does for a keyed record.
  it.each([
    ['21', 0],
    ['foobar', 0],
    ['a-little-bit-long-string', 2],
    ['user-42', 1],
    ['alice', 0],
    ['sensor-1', 1],
    ['default', 1],
    ['ключ', 2],
  ])('puts key %s on partition %i of 3, as the Java client does', (key, expected) => {
    expect(new PartitionAssigner().assign('t', partitions(3), key)).toBe(expected);
  });

  it('spreads null keys over the partitions', () => {
    const assigner = new PartitionAssigner();
    const seen = new Set(Array.from({ length: 6 }, () => assigner.assign('t', partitions(3), null)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('skips partitions without a leader for null keys only', () => {
    const metadata = partitions(3).map((p) => (p.partitionId === 1 ? { ...p, leader: -1 } : p));
    const assigner = new PartitionAssigner();
    const seen = new Set(Array.from({ length: 6 }, () => assigner.assign('t', metadata, null)));
    expect(seen.has(1)).toBe(false);
    expect(assigner.assign('t', metadata, 'user-42')).toBe(1);
  });
});
