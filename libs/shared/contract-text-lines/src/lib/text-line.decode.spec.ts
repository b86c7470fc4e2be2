import { TEXT_LINE_FIXTURES } from '../testing/text-line.fixtures';
import { decodeTextLine } from './text-line.decode';

describe('decodeTextLine', () => {
  it.each(TEXT_LINE_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const result = decodeTextLine(fixture.record);
    if (fixture.expected.ok) {
      expect(result).toEqual({ ok: true, value: expect.objectContaining({ text: fixture.expected.text }) });
      if (fixture.expected.id) expect(result.ok && result.value.id).toBe(fixture.expected.id);
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.violation.reason).toBe(fixture.expected.reason);
    }
  });

  it('names the field at fault in a contract violation', () => {
    const result = decodeTextLine({ key: null, value: '{"text":7}', headers: { 'content-type': 'application/json' } });
    expect(!result.ok && result.violation.field).toBe('text');
  });

  it('honours a smaller size limit', () => {
    const result = decodeTextLine({ key: null, value: 'abcdef' }, 3);
    expect(!result.ok && result.violation.reason).toBe('too-large');
  });
});
