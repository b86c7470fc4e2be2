import { fieldAtFault } from '@kstream/contracts-core/testing';
import { WORD_COUNT_REPARTITION_CONTRACT } from './word-count-repartition.contract';

describe('word-count-words-repartition contract', () => {
  it('accepts occurrences of a word keyed by the word', () => {
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: 'kafka', value: '{"word":"kafka","count":2}' })).toBe('valid');
  });

  it('refuses a key that differs from the word, no key, a count below 1 and a fractional count', () => {
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: 'Kafka', value: '{"word":"kafka","count":2}' })).toBe('key');
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: null, value: '{"word":"kafka","count":2}' })).toBe('key');
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: 'kafka', value: '{"word":"kafka","count":0}' })).toBe('value.count');
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: 'kafka', value: '{"word":"kafka","count":1.5}' })).toBe('value.count');
    expect(fieldAtFault(WORD_COUNT_REPARTITION_CONTRACT, { key: '', value: '{"word":"","count":1}' })).toBe('key');
  });

  it('is internal to word-count', () => {
    expect(WORD_COUNT_REPARTITION_CONTRACT).toMatchObject({ internal: true, producers: ['word-count'], consumers: ['word-count'], externalProducers: [], externalConsumers: [] });
  });
});
