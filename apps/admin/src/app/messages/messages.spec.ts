import { offsetTargetProblem } from '../dto/reset-offsets.dto';
import { decodeHeaders, decodePayload, timestampType } from './decode';
import { readPlan } from './read-plan';

describe('decodePayload', () => {
  it('reads JSON objects and arrays, or anything under a JSON content-type', () => {
    expect(decodePayload(Buffer.from('{"a":1}'))).toEqual({ encoding: 'json', value: { a: 1 } });
    expect(decodePayload(Buffer.from(' [1,2]'))).toEqual({ encoding: 'json', value: [1, 2] });
    expect(decodePayload(Buffer.from('42'), true)).toEqual({ encoding: 'json', value: 42 });
  });

  it('keeps text as text, including bare numbers and broken JSON', () => {
    expect(decodePayload(Buffer.from('4'))).toEqual({ encoding: 'text', value: '4' });
    expect(decodePayload(Buffer.from('{"text": "broken'))).toEqual({ encoding: 'text', value: '{"text": "broken' });
    expect(decodePayload(Buffer.from('h\u00e9llo'))).toEqual({ encoding: 'text', value: 'h\u00e9llo' });
  });

  it('gives bytes that are not UTF-8 as base64, and null as null', () => {
    expect(decodePayload(Buffer.from([0xff, 0x00]))).toEqual({ encoding: 'base64', value: '/wA=' });
    expect(decodePayload(null)).toEqual({ encoding: 'null', value: null });
  });

  it('decodes headers and timestamp types', () => {
    expect(decodeHeaders({ a: Buffer.from('x'), b: [Buffer.from('1'), Buffer.from('2')], c: Buffer.from([0xff]) })).toEqual({ a: 'x', b: ['1', '2'], c: 'base64:/w==' });
    expect(timestampType(0)).toBe('CreateTime');
    expect(timestampType(1)).toBe('LogAppendTime');
  });
});

describe('readPlan', () => {
  const w = [
    { partition: 0, low: 0, high: 10 },
    { partition: 1, low: 5, high: 6 },
    { partition: 2, low: 3, high: 3 },
  ];

  it('reads the latest N of each partition, skipping empty ones', () => {
    expect(readPlan(w, 3)).toEqual([
      { partition: 0, start: 7, end: 10 },
      { partition: 1, start: 5, end: 6 },
    ]);
  });

  it('reads from an offset, never below the low watermark', () => {
    expect(readPlan(w, 4, 0, 2)).toEqual([{ partition: 0, start: 2, end: 6 }]);
    expect(readPlan(w, 4, 1, 0)).toEqual([{ partition: 1, start: 5, end: 6 }]);
    expect(readPlan(w, 4, 0, 50)).toEqual([]);
  });
});

describe('offsetTargetProblem', () => {
  it.each(['earliest', 'latest', { timestamp: 0 }, { offsets: [{ partition: 0, offset: 3 }] }])('accepts %j', (to) => {
    expect(offsetTargetProblem(to)).toBeUndefined();
  });

  it.each([
    'beginning',
    null,
    [],
    {},
    { timestamp: -1 },
    { timestamp: 1, offsets: [] },
    { offsets: [] },
    { offsets: [{ partition: 0 }] },
    { offsets: [{ partition: 0, offset: 1, extra: true }] },
    { offsets: [{ partition: 0, offset: 1 }, { partition: 0, offset: 2 }] },
  ])('refuses %j', (to) => {
    expect(offsetTargetProblem(to)).toEqual(expect.any(String));
  });
});
