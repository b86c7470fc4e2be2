import { NUMBER_FIXTURES } from '../testing/number.fixtures';
import { decodeNumber, parseDecimal } from './number.decode';
import { MAX_SERIES_LENGTH } from './number.value';

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

  // Once accepted as the series: a 600 kB key made outputs over the broker's limit and stuck the partition.
  it('refuses a key longer than a series may be when the key is the series, naming the key', () => {
    const key = 'k'.repeat(MAX_SERIES_LENGTH + 1);
    expect(decodeNumber({ key, value: '1' })).toMatchObject({ ok: false, violation: { reason: 'contract-violation', field: 'key' } });
    expect(decodeNumber({ key, value: '{"value":1}', headers: { 'content-type': 'application/json' } })).toMatchObject({ ok: false, violation: { field: 'key' } });
    expect(decodeNumber({ key, value: '{"value":1,"series":"s"}', headers: { 'content-type': 'application/json' } })).toEqual({ ok: true, value: { value: 1, series: 's', id: undefined } });
    expect(decodeNumber({ key: key.slice(1), value: '1' })).toMatchObject({ ok: true, value: { series: key.slice(1) } });
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
