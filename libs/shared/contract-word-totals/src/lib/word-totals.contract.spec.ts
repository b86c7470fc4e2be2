import { fieldAtFault } from '@kstream/contracts-core/testing';
import { WORD_TOTALS_CONTRACT } from './word-totals.contract';

describe('word-totals contract', () => {
  it('accepts a running count keyed by its word', () => {
    expect(fieldAtFault(WORD_TOTALS_CONTRACT, { key: 'kafka', value: '{"word":"kafka","count":3}' })).toBe('valid');
  });

  it('refuses a key that differs from the word, no key, and a count below 1', () => {
    expect(fieldAtFault(WORD_TOTALS_CONTRACT, { key: 'Kafka', value: '{"word":"kafka","count":3}' })).toBe('key');
    expect(fieldAtFault(WORD_TOTALS_CONTRACT, { key: null, value: '{"word":"kafka","count":3}' })).toBe('key');
    expect(fieldAtFault(WORD_TOTALS_CONTRACT, { key: 'kafka', value: '{"word":"kafka","count":0}' })).toBe('value.count');
  });
});
