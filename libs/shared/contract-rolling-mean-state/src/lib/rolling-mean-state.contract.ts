import { APPS, type TopicContract } from '@kstream/contracts-core';
import { WindowStateRecord } from './window-state.value';

export const ROLLING_MEAN_STATE_CONTRACT: TopicContract & { readonly topic: 'rollingMeanState' } = {
  topic: 'rollingMeanState',
  version: 1,
  summary: 'Changelog of the rolling-mean windows (compacted), read back on start.',
  producers: [APPS.rollingMean],
  consumers: [APPS.rollingMean],
  externalProducers: [],
  externalConsumers: [],
  key: { required: true, description: 'The series.', equalsField: 'series' },
  value: { kind: 'json', cls: WindowStateRecord, description: 'The window of a series.' },
  headers: [],
};
