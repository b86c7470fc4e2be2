import { MAX_ID_LENGTH, validateContract } from '@kstream/contracts-core';
import { caseLabel, emojiText, fixturePayloads, longText } from '@kstream/contracts-core/testing';
import { NUMBER_FIXTURES } from '../testing/number.fixtures';
import { fastNumberEnvelope } from './number.fast-check';
import { MAX_SERIES_LENGTH, NumberEnvelope } from './number.value';

const long = longText;
const emoji = emojiText;
const label = caseLabel;

/** The JSON payloads of the fixtures, plus edge cases of every field. */
const PAYLOADS: unknown[] = [
  ...fixturePayloads(NUMBER_FIXTURES),
  { value: 4.5, series: 'temp', id: 'n-1' },
  { value: 1, series: long(MAX_SERIES_LENGTH) },
  { value: 1, series: long(MAX_SERIES_LENGTH + 1) },
  { value: 1, series: emoji(MAX_SERIES_LENGTH) },
  { value: 1, series: '' },
  { value: 1, series: null },
  { value: 1, id: long(MAX_ID_LENGTH + 1) },
  { value: '1' },
  { value: null },
  { value: 1e308 * 10 },
  { value: 1, unit: 'C' },
  [1],
  null,
];

describe('fastNumberEnvelope', () => {
  it.each(PAYLOADS.map((plain) => [label(plain), plain]))('accepts %s only as NumberEnvelope does, with the same fields', (_label, plain) => {
    const accepted = fastNumberEnvelope(plain);
    if (accepted === undefined) return;
    const byClass = validateContract(NumberEnvelope, plain);
    expect(byClass.ok).toBe(true);
    expect(accepted).toEqual(byClass.ok ? { ...byClass.value } : undefined);
  });

  it('accepts the ordinary valid envelope itself', () => {
    expect(fastNumberEnvelope({ value: 4.5, series: 'temp', id: 'n-1' })).toEqual({ value: 4.5, series: 'temp', id: 'n-1' });
    expect(fastNumberEnvelope({ value: -2 })).toEqual({ value: -2 });
  });
});
