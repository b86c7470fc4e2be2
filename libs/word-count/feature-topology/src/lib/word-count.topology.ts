import type { TopicNames } from '@kstream/contracts-core';
import { defineStage, type CommittedBatch } from '@kstream/kafka';
import { WordCountTask, type WordCountMeta } from './word-count.task';
import { WordTotalsTask, type WordTotalMeta } from './word-totals.task';

export interface WordCountHooks {
  readonly onLines?: (batch: CommittedBatch<WordCountMeta>) => void;
  readonly onTotals?: (batch: CommittedBatch<WordTotalMeta>) => void;
}

/**
 * word-count as Kafka Streams would draw it: `text-lines` → count, alert (`word-counts`,
 * `word-alerts`) and re-key each word's occurrences by the word (`word-count-words-repartition`)
 * → totals per word (`word-totals`, also the totals' changelog). Pure: the service runs it on the
 * engine, the unit tests on the in-memory harness.
 */
export function wordCountTopology(topics: TopicNames, threshold: number, hooks: WordCountHooks = {}) {
  const lines = defineStage({
    inputTopic: topics.textLines,
    outputTopics: [topics.wordCounts, topics.wordAlerts, topics.wordCountRepartition],
    createTask: (partition) => new WordCountTask(partition, topics, threshold),
    onCommitted: hooks.onLines,
  });
  const totals = defineStage({
    inputTopic: topics.wordCountRepartition,
    changelogTopic: topics.wordTotals,
    keyed: true,
    outputTopics: [],
    createTask: (partition) => new WordTotalsTask(partition, topics),
    onCommitted: hooks.onTotals,
  });
  return { lines, totals, stages: [lines, totals] };
}
