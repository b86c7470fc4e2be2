import { APPS, deadLetterHeaders, type TopicContract, type ValueContract } from '@kstream/contracts-core';

const DLQ_VALUE: ValueContract = {
  kind: 'bytes',
  description: 'The original value, byte for byte; the original key and headers are kept as well.',
};

export const TEXT_LINES_DLQ_CONTRACT: TopicContract & { readonly topic: 'textLinesDlq' } = {
  topic: 'textLinesDlq',
  version: 2,
  summary: 'text-lines records word-count could not process, and records of its internal topic it could not decode.',
  producers: [APPS.wordCount],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: [],
  key: { required: false, description: 'The original key.' },
  value: DLQ_VALUE,
  headers: deadLetterHeaders(APPS.wordCount),
  deadLetterOf: 'textLines',
  alsoDeadLetterOf: ['wordCountRepartition'],
};

export const NUMBERS_DLQ_CONTRACT: TopicContract & { readonly topic: 'numbersDlq' } = {
  topic: 'numbersDlq',
  version: 2,
  summary: 'numbers records rolling-mean could not process, and records of its internal topic it could not decode.',
  producers: [APPS.rollingMean],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: [],
  key: { required: false, description: 'The original key.' },
  value: DLQ_VALUE,
  headers: deadLetterHeaders(APPS.rollingMean),
  deadLetterOf: 'numbers',
  alsoDeadLetterOf: ['rollingMeanRepartition'],
};
