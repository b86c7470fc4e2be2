import { APPS, CONSUMER_GROUPS, INPUT_HEADERS, type TopicContract } from '@kstream/contracts-core';
import { decodeTextLine } from './text-line.decode';
import { TextLineEnvelope } from './text-line.value';

export const TEXT_LINES_CONTRACT: TopicContract & { readonly topic: 'textLines' } = {
  topic: 'textLines',
  version: 1,
  summary: 'Lines of text to count words in.',
  producers: [APPS.ingestProducer, APPS.admin],
  consumers: [APPS.wordCount],
  consumerGroup: CONSUMER_GROUPS.wordCount,
  externalProducers: ['any Kafka client'],
  externalConsumers: [],
  key: { required: false, description: 'Optional; copied to the word-counts and word-alerts records of the line.' },
  value: {
    kind: 'text-or-json',
    cls: TextLineEnvelope,
    description: 'A line of text.',
    raw: { description: 'Raw UTF-8 text; one trailing newline is dropped; empty lines are refused.' },
    decode: decodeTextLine,
  },
  headers: INPUT_HEADERS,
};
