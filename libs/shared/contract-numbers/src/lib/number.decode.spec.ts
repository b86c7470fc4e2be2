import { NUMBER_FIXTURES } from '../testing/number.fixtures';
import { decodeNumber, parseDecimal } from './number.decode';

describe('decodeNumber', () => {
  it.each(NUMBER_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = decodeNumber(fixture.record);
    if (fixture.expected.ok) {
      const { value, series, id } = fixture.expected;
      expect(result).toEqual({ ok: true, value: { value, series, id } });
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.violation.reason).toBe(fixture.expected.reason);
    }
  });
});

describe('parseDecimal', () => {
  it('keeps negative zero', () => {
    const result = parseDecimal('-0');
    expect(result.ok && Object.is(result.value, -0)).toBe(true);
  });

  it('accepts the largest and smallest doubles', () => {
    expect(parseDecimal('1.7976931348623157e308')).toEqual({ ok: true, value: Number.MAX_VALUE });
    expect(parseDecimal('5e-324')).toEqual({ ok: true, value: Number.MIN_VALUE });
  });
});
