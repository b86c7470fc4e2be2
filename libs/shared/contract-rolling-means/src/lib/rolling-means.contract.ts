import { APPS, HEADERS, type TopicContract } from '@kstream/contracts-core';
import { RollingMeanRecord } from './rolling-mean.value';

export const ROLLING_MEANS_CONTRACT: TopicContract & { readonly topic: 'rollingMeans' } = {
  topic: 'rollingMeans',
  version: 1,
  summary: 'One record per input number: the window and its mean.',
  producers: [APPS.rollingMean],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: ['users'],
  key: { required: true, description: 'The series.', equalsField: 'series' },
  value: { kind: 'json', cls: RollingMeanRecord, description: 'The rolling mean after one number.' },
  headers: [
    {
      name: HEADERS.id,
      required: false,
      description:
        'Id of the input number (its envelope id, its `id` header, else `<topic>-<partition>-<offset>`), to follow it through the stack; rolling-mean always sets it, records written before it did have none.',
    },
  ],
};
