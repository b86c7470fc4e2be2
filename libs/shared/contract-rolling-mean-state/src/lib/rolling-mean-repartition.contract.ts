import { APPS, type TopicContract } from '@kstream/contracts-core';
import { SeriesNumber } from './series-number.value';

export const ROLLING_MEAN_REPARTITION_CONTRACT: TopicContract & { readonly topic: 'rollingMeanRepartition' } = {
  topic: 'rollingMeanRepartition',
  version: 1,
  summary: "Every number keyed by its series, between rolling-mean's two stages (internal).",
  producers: [APPS.rollingMean],
  consumers: [APPS.rollingMean],
  externalProducers: [],
  externalConsumers: [],
  key: { required: true, description: 'The series: every number of a series is in one partition.', equalsField: 'series' },
  value: { kind: 'json', cls: SeriesNumber, description: 'A number of its series, with the id and the place it was read from numbers.' },
  headers: [],
  internal: true,
};
