import type { RawRecord } from '../common/raw-record';

/** A string of n ASCII characters. */
export const longText = (n: number): string => 'x'.repeat(n);
/** n characters of two UTF-16 units each: class-validator counts characters, not units. */
export const emojiText = (n: number): string => '😀'.repeat(n);

/** A short test name; some fixtures nest deeper than JSON.stringify can follow. */
export function caseLabel(plain: unknown): string {
  try {
    return (JSON.stringify(plain) ?? String(plain)).slice(0, 80);
  } catch {
    return '(deeply nested JSON)';
  }
}

/** The values of the fixtures that parse as JSON: what a fast check must agree with the class on. */
export function fixturePayloads(fixtures: readonly { readonly record: RawRecord }[]): unknown[] {
  return fixtures.flatMap(({ record }) => {
    try {
      return [JSON.parse(String(record.value))];
    } catch {
      return [];
    }
  });
}
