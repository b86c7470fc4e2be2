import { fieldAtFault } from '@kstream/contracts-core/testing';
import { WORD_ALERTS_CONTRACT, WORD_COUNTS_CONTRACT } from './word-counts.contract';

const count = {
  id: 'l-1',
  text: 'a b',
  words: 2,
  alert: false,
  threshold: 6,
  source: { topic: 'text-lines', partition: 0, offset: '7' },
  processedAt: '2026-01-01T00:00:00.000Z',
};
const value = (v: object) => JSON.stringify(v);
const alert = { ...count, text: 'one two three four five six seven', words: 7, alert: true };

describe('word-counts and word-alerts contracts', () => {
  it('accept a count, and an alert over the threshold', () => {
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: value(count) })).toBe('valid');
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: 'k', value: Buffer.from(value(alert)) })).toBe('valid');
    expect(fieldAtFault(WORD_ALERTS_CONTRACT, { key: null, value: value(alert) })).toBe('valid');
  });

  it('blame the field at fault', () => {
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: value({ ...count, words: 'two' }) })).toBe('value.words');
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: value({ ...count, extra: 1 }) })).toBe('value.extra');
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: value({ ...count, source: { ...count.source, offset: 7 } }) })).toBe('value.source.offset');
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: value({ ...count, alert: true }) })).toBe('value.alert');
    expect(fieldAtFault(WORD_ALERTS_CONTRACT, { key: null, value: value(count) })).toBe('value.alert');
    expect(fieldAtFault(WORD_COUNTS_CONTRACT, { key: null, value: '' })).toBe('value');
  });
});
