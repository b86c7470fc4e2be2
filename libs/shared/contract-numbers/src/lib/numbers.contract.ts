import { APPS, CONSUMER_GROUPS, INPUT_HEADERS, type TopicContract } from '@kstream/contracts-core';
import { decodeNumber } from './number.decode';
import { NumberEnvelope } from './number.value';

export const NUMBERS_CONTRACT: TopicContract & { readonly topic: 'numbers' } = {
  topic: 'numbers',
  version: 1,
  summary: 'Numbers of a series, for the rolling mean.',
  producers: [APPS.ingestProducer, APPS.admin],
  consumers: [APPS.rollingMean],
  consumerGroup: CONSUMER_GROUPS.rollingMean,
  externalProducers: ['any Kafka client'],
  externalConsumers: [],
  key: { required: false, description: 'The series, unless the JSON envelope names one; `default` when neither does.' },
  value: {
    kind: 'text-or-json',
    cls: NumberEnvelope,
    description: 'A finite number.',
    raw: {
      description: 'A decimal number with optional surrounding whitespace (`4`, ` 3.5\\n`, `-2e3`).',
      pattern: '^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$',
    },
    decode: decodeNumber,
  },
  headers: INPUT_HEADERS,
};
