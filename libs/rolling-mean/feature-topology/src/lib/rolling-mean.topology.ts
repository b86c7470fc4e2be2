import type { TopicNames } from '@kstream/contracts-core';
import { defineStage, type CommittedBatch } from '@kstream/kafka';
import { NumbersTask, type SeriesRouted } from './numbers.task';
import { RollingMeanTask, type RollingMeanMeta } from './rolling-mean.task';

export interface RollingMeanHooks {
  readonly onNumbers?: (batch: CommittedBatch<SeriesRouted>) => void;
  readonly onMeans?: (batch: CommittedBatch<RollingMeanMeta>) => void;
}

/**
 * rolling-mean as Kafka Streams would draw it: `numbers` → re-key by series
 * (`rolling-mean-series-repartition`) → one window per series (`rolling-mean-state`, its
 * changelog) → `rolling-means`. Pure: the service runs it on the engine, the unit tests on the
 * in-memory harness.
 */
export function rollingMeanTopology(topics: TopicNames, windowSize: number, hooks: RollingMeanHooks = {}) {
  const numbers = defineStage({
    inputTopic: topics.numbers,
    outputTopics: [topics.rollingMeanRepartition],
    createTask: (partition) => new NumbersTask(partition, topics),
    onCommitted: hooks.onNumbers,
  });
  const windows = defineStage({
    inputTopic: topics.rollingMeanRepartition,
    changelogTopic: topics.rollingMeanState,
    keyed: true,
    outputTopics: [topics.rollingMeans],
    createTask: (partition) => new RollingMeanTask(partition, topics, windowSize),
    onCommitted: hooks.onMeans,
  });
  return { numbers, windows, stages: [numbers, windows] };
}
