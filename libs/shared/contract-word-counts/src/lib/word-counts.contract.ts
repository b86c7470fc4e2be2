import { APPS, type TopicContract, type ValueRule } from '@kstream/contracts-core';
import { WordCountRecord } from './word-count.value';

const ALERT_MATCHES_COUNT: ValueRule = {
  field: 'value.alert',
  check: ({ words, threshold, alert }) =>
    alert === (words as number) > (threshold as number) ? undefined : `alert is ${String(alert)} for ${String(words)} words and threshold ${String(threshold)}`,
};

export const WORD_COUNTS_CONTRACT: TopicContract & { readonly topic: 'wordCounts' } = {
  topic: 'wordCounts',
  version: 1,
  summary: 'One record per input line: its word count.',
  producers: [APPS.wordCount],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: ['users'],
  key: { required: false, description: 'The key of the input line.' },
  value: { kind: 'json', cls: WordCountRecord, description: 'The word count of one line.' },
  headers: [],
  rules: [ALERT_MATCHES_COUNT],
};

export const WORD_ALERTS_CONTRACT: TopicContract & { readonly topic: 'wordAlerts' } = {
  topic: 'wordAlerts',
  version: 1,
  summary: 'The word-counts records whose count is over the threshold (`alert` is true).',
  producers: [APPS.wordCount],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: ['users'],
  key: { required: false, description: 'The key of the input line.' },
  value: { kind: 'json', cls: WordCountRecord, description: 'The word count of one line over the threshold.' },
  headers: [],
  rules: [{ field: 'value.alert', check: ({ alert }) => (alert === true ? undefined : 'a word-alerts record must have alert = true') }, ALERT_MATCHES_COUNT],
};
