import { APPS, type TopicContract } from '@kstream/contracts-core';
import { WordTotal } from './word-total.value';

export const WORD_TOTALS_CONTRACT: TopicContract & { readonly topic: 'wordTotals' } = {
  topic: 'wordTotals',
  version: 1,
  summary: 'Running count per word (compacted).',
  producers: [APPS.wordCount],
  consumers: [APPS.admin],
  externalProducers: [],
  externalConsumers: ['users'],
  key: { required: true, description: 'The normalised (lower-case) word.', equalsField: 'word' },
  value: { kind: 'json', cls: WordTotal, description: 'The running count of a word.' },
  headers: [],
};
