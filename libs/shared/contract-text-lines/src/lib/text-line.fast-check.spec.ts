import { MAX_ID_LENGTH, validateContract } from '@kstream/contracts-core';
import { caseLabel, emojiText, fixturePayloads, longText } from '@kstream/contracts-core/testing';
import { TEXT_LINE_FIXTURES } from '../testing/text-line.fixtures';
import { fastTextLineEnvelope } from './text-line.fast-check';
import { TextLineEnvelope } from './text-line.value';

const long = longText;
const emoji = emojiText;
const label = caseLabel;

/** The JSON payloads of the fixtures, plus edge cases of every field. */
const PAYLOADS: unknown[] = [
  ...fixturePayloads(TEXT_LINE_FIXTURES),
  { text: 'the quick brown fox', id: 'id-1' },
  { text: 'a', id: long(MAX_ID_LENGTH) },
  { text: 'a', id: long(MAX_ID_LENGTH + 1) },
  { text: 'a', id: emoji(MAX_ID_LENGTH) },
  { text: 'a', id: '' },
  { text: 'a', id: null },
  { text: '' },
  { text: 1 },
  { text: 'a', extra: 1 },
  ['a'],
  null,
  'a',
];

describe('fastTextLineEnvelope', () => {
  it.each(PAYLOADS.map((plain) => [label(plain), plain]))('accepts %s only as TextLineEnvelope does, with the same fields', (_label, plain) => {
    const accepted = fastTextLineEnvelope(plain);
    if (accepted === undefined) return;
    const byClass = validateContract(TextLineEnvelope, plain);
    expect(byClass.ok).toBe(true);
    expect(accepted).toEqual(byClass.ok ? { ...byClass.value } : undefined);
  });

  it('accepts the ordinary valid envelope itself', () => {
    expect(fastTextLineEnvelope({ text: 'the quick brown fox', id: 'id-1' })).toEqual({ text: 'the quick brown fox', id: 'id-1' });
    expect(fastTextLineEnvelope({ text: 'a' })).toEqual({ text: 'a' });
  });
});
