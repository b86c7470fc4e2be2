import { APPS, type TopicContract } from '@kstream/contracts-core';
import { WordTotal } from './word-total.value';

export const WORD_TOTALS_CONTRACT: TopicContract & { readonly topic: 'wordTotals' } = {
  topic: 'wordTotals',
  version: 1,
  summary: 'Total count per word (compacted), each word in one partition.',
  producers: [APPS.wordCount],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: ['users'],
  key: { required: true, description: 'The normalised (lower-case) word; the partition is its murmur2 hash, as the Java client computes it.', equalsField: 'word' },
  value: { kind: 'json', cls: WordTotal, description: 'The total count of a word: its latest record is the whole total.' },
  headers: [],
};
