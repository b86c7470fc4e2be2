import type { Admin, PartitionMetadata } from 'kafkajs';
import { withRetries } from '@kstream/kafka';

/**
 * Partition metadata per topic, as the partitioner needs it. Cached like the Java client's
 * metadata.max.age.ms: a stale entry is served while a refresh runs in the background, so a
 * broker hiccup does not add a metadata round trip to every request.
 */
export class TopicMetadataCache {
  private readonly entries = new Map<string, { partitions: PartitionMetadata[]; fetchedAt: number }>();
  private readonly pending = new Map<string, Promise<PartitionMetadata[]>>();

  constructor(
    private readonly admin: Admin,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** The cached partitions without waiting, or undefined when the topic has not been fetched yet. */
  cached(topic: string): PartitionMetadata[] | undefined {
    const entry = this.entries.get(topic);
    if (entry && Date.now() - entry.fetchedAt > this.maxAgeMs) this.refresh(topic).catch(() => undefined);
    return entry?.partitions;
  }

  async partitions(topic: string): Promise<PartitionMetadata[]> {
    const entry = this.entries.get(topic);
    if (entry) {
      if (Date.now() - entry.fetchedAt > this.maxAgeMs) this.refresh(topic).catch(() => undefined);
      return entry.partitions;
    }
    return this.refresh(topic);
  }

  private refresh(topic: string): Promise<PartitionMetadata[]> {
    let running = this.pending.get(topic);
    if (!running) {
      running = this.fetch(topic).finally(() => this.pending.delete(topic));
      this.pending.set(topic, running);
    }
    return running;
  }

  private async fetch(topic: string): Promise<PartitionMetadata[]> {
    await this.admin.connect();
    const { topics } = await this.fetchWithRetry(topic);
    const partitions = [...(topics.find((t) => t.name === topic)?.partitions ?? [])].sort((a, b) => a.partitionId - b.partitionId);
    if (partitions.length === 0) throw new Error(`topic ${topic} has no partitions`);
    this.entries.set(topic, { partitions, fetchedAt: Date.now() });
    return partitions;
  }

  /**
   * A topic created a moment ago can be unknown to the broker answering for a few hundred
   * milliseconds; kafkajs's admin retries leader elections but not that. The caller's
   * deadline still bounds the whole wait.
   */
  private fetchWithRetry(topic: string) {
    return withRetries(() => this.admin.fetchTopicMetadata({ topics: [topic] }), { attempts: 5, backoffMs: 200 });
  }
}
