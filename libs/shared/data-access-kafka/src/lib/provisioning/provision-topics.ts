import type { Admin, ITopicConfig } from 'kafkajs';
import { TOPIC_SPECS, type TopicNames, TOPICS, type TopicSpec } from '@kstream/contracts-core';
import { withRetries } from '../errors';

export interface ProvisionReport {
  readonly created: string[];
  readonly existing: string[];
  /** Existing topics whose partition count differs from the spec; left alone, since shrinking is impossible. */
  readonly mismatched: { topic: string; expected: number; actual: number }[];
}

export interface ProvisionOptions {
  readonly names?: TopicNames;
  readonly specs?: readonly TopicSpec[];
  readonly replicationFactor?: number;
  /** Attempts when the cluster answers with a retriable error; default 5. */
  readonly attempts?: number;
}

/**
 * Creates the stack's topics with their partitions and cleanup policies. Safe to run
 * any number of times and from several processes at once: existing topics are kept.
 * Each step is retried on retriable errors: right after a creation the brokers may still
 * answer "This server does not host this topic-partition" while the metadata propagates.
 * `created` names the topics that were missing when this call looked, even when a retry
 * found them already made by its own first attempt.
 */
export async function provisionTopics(admin: Admin, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  const names = options.names ?? TOPICS;
  const specs = options.specs ?? TOPIC_SPECS;
  const replicationFactor = options.replicationFactor ?? 1;
  const retry = { attempts: options.attempts ?? 5 };
  const existing = new Set(await withRetries(() => admin.listTopics(), retry));

  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(names[spec.key]))
    .map((spec) => ({
      topic: names[spec.key],
      numPartitions: spec.partitions,
      replicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: spec.cleanupPolicy }],
    }));

  if (missing.length > 0) {
    await withRetries(() => createTopics(admin, missing), retry);
    // Usable means every partition has a leader the brokers agree on, not just "created".
    await withRetries(() => admin.fetchTopicMetadata({ topics: missing.map((t) => t.topic) }), retry);
  }

  const present = specs.filter((spec) => existing.has(names[spec.key]));
  const mismatched: ProvisionReport['mismatched'] = [];
  if (present.length > 0) {
    const metadata = await withRetries(() => admin.fetchTopicMetadata({ topics: present.map((s) => names[s.key]) }), retry);
    for (const topic of metadata.topics) {
      const spec = present.find((s) => names[s.key] === topic.name);
      if (spec && topic.partitions.length !== spec.partitions) {
        mismatched.push({ topic: topic.name, expected: spec.partitions, actual: topic.partitions.length });
      }
    }
  }

  return {
    created: missing.map((t) => t.topic),
    existing: present.map((s) => names[s.key]),
    mismatched,
  };
}

async function createTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (error) {
    // Another process, or an earlier attempt of this call, created them: that is success.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  }
}
