import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * Chooses the partition before the record is buffered, with kafkajs's DefaultPartitioner
 * (murmur2 over all partitions for a key, as the Java client and librdkafka's murmur2
 * partitioner do; round robin over partitions with a leader for a null key).
 * Choosing up front, instead of letting sendBatch do it, is what lets the batcher compute
 * each record's offset, and keeps a retried null-key record from moving to another partition.
 */
export class PartitionAssigner {
  private readonly partitioner = Partitioners.DefaultPartitioner();

  assign(topic: string, partitionMetadata: PartitionMetadata[], key: string | Buffer | null): number {
    return this.partitioner({ topic, partitionMetadata, message: { key, value: null } });
  }
}
