/**
 * The one place topic names and consumer group ids are spelled out.
 * Everything else imports these constants, so a rename is a one-line change and
 * a typo is a compile error rather than a silently empty topic.
 */
export const TOPICS = {
  textLines: 'text-lines',
  numbers: 'numbers',
  wordCounts: 'word-counts',
  wordAlerts: 'word-alerts',
  wordTotals: 'word-totals',
  rollingMeans: 'rolling-means',
  rollingMeanState: 'rolling-mean-state',
  textLinesDlq: 'text-lines.dlq',
  numbersDlq: 'numbers.dlq',
  /**
   * Internal topics (Kafka Streams' `<group>-<name>-repartition`): word-count's first stage writes each
   * line's words here keyed by the word, rolling-mean's each number keyed by its series, so the stage
   * that keeps the state finds every record of a key in one partition whatever partition, partitioner
   * or key the original producer used. Never where results are read.
   */
  wordCountRepartition: 'word-count-words-repartition',
  rollingMeanRepartition: 'rolling-mean-series-repartition',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];
/** A full set of topic names; tests pass a suffixed copy so suites never share topics. */
export type TopicNames = { readonly [K in TopicKey]: string };

export const CONSUMER_GROUPS = {
  wordCount: 'word-count',
  rollingMean: 'rolling-mean',
} as const;

export type CleanupPolicy = 'delete' | 'compact';

export interface TopicSpec {
  readonly key: TopicKey;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
}

/** Partition counts and cleanup policies of the topic table in docs/architecture.md. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { key: 'textLines', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'numbers', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'wordCounts', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'wordAlerts', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'wordTotals', partitions: 3, cleanupPolicy: 'compact' },
  { key: 'rollingMeans', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'rollingMeanState', partitions: 3, cleanupPolicy: 'compact' },
  { key: 'textLinesDlq', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'numbersDlq', partitions: 3, cleanupPolicy: 'delete' },
  // As many partitions as the state topic they feed (word-totals, rolling-mean-state): partition p of
  // the repartition topic and of the state topic belong to the same task. The engine checks it at start.
  { key: 'wordCountRepartition', partitions: 3, cleanupPolicy: 'delete' },
  { key: 'rollingMeanRepartition', partitions: 3, cleanupPolicy: 'delete' },
];

/** The stack's internal topics: provisioned with the others, read only by the processor that writes them. */
export const INTERNAL_TOPICS: readonly TopicKey[] = ['wordCountRepartition', 'rollingMeanRepartition'];

/** Same names with a suffix, for isolated test runs against a shared broker. */
export function suffixedTopicNames(suffix: string, base: TopicNames = TOPICS): TopicNames {
  const entries = Object.entries(base).map(([key, name]) => [key, `${name}-${suffix}`]);
  return Object.fromEntries(entries) as unknown as TopicNames;
}
