import type { Admin, ITopicConfig } from 'kafkajs';
import { TOPIC_SPECS, TOPICS, type TopicNames, type TopicSpec } from '@kstream/contracts';
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
 * Right after a creation the brokers may still answer "This server does not host this
 * topic-partition" while the metadata propagates; that is retried with a backoff, since
 * running the whole provisioning again is harmless.
 */
export async function provisionTopics(admin: Admin, options: ProvisionOptions = {}): Promise<ProvisionReport> {
  return withRetries(() => provisionOnce(admin, options), { attempts: options.attempts ?? 5 });
}

async function provisionOnce(admin: Admin, options: ProvisionOptions): Promise<ProvisionReport> {
  const names = options.names ?? TOPICS;
  const specs = options.specs ?? TOPIC_SPECS;
  const replicationFactor = options.replicationFactor ?? 1;
  const existing = new Set(await admin.listTopics());

  const missing: ITopicConfig[] = specs
    .filter((spec) => !existing.has(names[spec.key]))
    .map((spec) => ({
      topic: names[spec.key],
      numPartitions: spec.partitions,
      replicationFactor,
      configEntries: [{ name: 'cleanup.policy', value: spec.cleanupPolicy }],
    }));

  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (error) {
      // Another process may have created some of them in the meantime; that is success.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  }

  const present = specs.filter((spec) => existing.has(names[spec.key]));
  const mismatched: ProvisionReport['mismatched'] = [];
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => names[s.key]) });
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
