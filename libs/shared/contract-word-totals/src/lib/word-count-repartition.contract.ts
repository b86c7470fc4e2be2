import { APPS, type TopicContract } from '@kstream/contracts-core';
import { WordOccurrences } from './word-occurrences.value';

export const WORD_COUNT_REPARTITION_CONTRACT: TopicContract & { readonly topic: 'wordCountRepartition' } = {
  topic: 'wordCountRepartition',
  version: 1,
  summary: "Each line's word occurrences keyed by the word, between word-count's two stages (internal).",
  producers: [APPS.wordCount],
  consumers: [APPS.wordCount],
  externalProducers: [],
  externalConsumers: [],
  key: { required: true, description: 'The normalised (lower-case) word; the partition is its murmur2 hash, as the Java client computes it.', equalsField: 'word' },
  value: { kind: 'json', cls: WordOccurrences, description: 'Occurrences of a word to add to its total.' },
  headers: [],
  internal: true,
};
