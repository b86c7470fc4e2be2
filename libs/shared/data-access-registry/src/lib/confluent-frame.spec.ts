import { frame, looksFramed, unframe } from './confluent-frame';

describe('Confluent framing', () => {
  it('writes magic byte 0 and the id big-endian, and reads them back', () => {
    const framed = frame(0x01020304, Buffer.from([9, 8]));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 9, 8]);
    expect(unframe(framed)).toEqual({ ok: true, schemaId: 0x01020304, payload: Buffer.from([9, 8]) });
  });

  it('tells a framed value from text and JSON, which never start with a NUL byte', () => {
    expect(looksFramed(frame(1, Buffer.alloc(0)))).toBe(true);
    expect(looksFramed(Buffer.from('{"value":1}'))).toBe(false);
    expect(looksFramed(Buffer.alloc(0))).toBe(false);
    expect(looksFramed(null)).toBe(false);
  });

  it('refuses a value too short to hold the id', () => {
    expect(unframe(Buffer.from([0, 1]))).toMatchObject({ ok: false, problem: expect.stringContaining('at least 5 bytes') });
  });
});
