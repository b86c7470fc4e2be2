import { MAX_ID_LENGTH, validateContract } from '@kstream/contracts-core';
import { TEXT_LINE_FIXTURES } from '../testing/text-line.fixtures';
import { fastTextLineEnvelope } from './text-line.fast-check';
import { TextLineEnvelope } from './text-line.value';

const long = (n: number) => 'x'.repeat(n);
const emoji = (n: number) => '😀'.repeat(n); // two UTF-16 units each, one character for class-validator

/** A short test name; some fixtures nest deeper than JSON.stringify can follow. */
function label(plain: unknown): string {
  try {
    return (JSON.stringify(plain) ?? String(plain)).slice(0, 80);
  } catch {
    return '(deeply nested JSON)';
  }
}

/** The JSON payloads of the fixtures, plus edge cases of every field. */
const PAYLOADS: unknown[] = [
  ...TEXT_LINE_FIXTURES.flatMap(({ record }) => {
    try {
      return [JSON.parse(String(record.value))];
    } catch {
      return [];
    }
  }),
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
