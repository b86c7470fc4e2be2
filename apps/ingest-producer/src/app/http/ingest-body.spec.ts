import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { mediaKind, parseBody } from './ingest-body';

describe('mediaKind', () => {
  it.each([
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['application/vnd.api+json', 'json'],
    ['text/plain', 'text'],
    ['TEXT/PLAIN; charset="UTF-8"', 'text'],
    ['application/x-ndjson', 'ndjson'],
    ['text/plain;;;', 'text'],
    ['application/json; charset=utf-8; q="a\\"b"', 'json'],
  ])('%s is %s', (type, kind) => expect(mediaKind(type)).toBe(kind));

  it.each([
    ['application/json; charset', /charset" is malformed/],
    ['text/plain; charset="utf-8', /unterminated/],
    ['text/plain; charset=', /no valid value/],
    ['text/plain; =utf-8', /malformed/],
  ])('refuses the malformed parameters of %s with 415', (type, message) => {
    expect(() => mediaKind(type)).toThrow(UnsupportedMediaTypeException);
    expect(() => mediaKind(type)).toThrow(message);
  });

  it.each([undefined, 'application/xml', 'multipart/form-data; boundary=x', 'text/plain; charset=latin1'])('refuses %s with 415', (type) => {
    expect(() => mediaKind(type)).toThrow(UnsupportedMediaTypeException);
  });
});

describe('parseBody', () => {
  it('refuses malformed JSON, an empty JSON body and invalid UTF-8 with 400', () => {
    expect(() => parseBody('json', Buffer.from('{"text":'))).toThrow(BadRequestException);
    expect(() => parseBody('json', Buffer.from(' '))).toThrow(/empty/);
    expect(() => parseBody('text', Buffer.from([0xff, 0xfe]))).toThrow(/UTF-8/);
  });

  it('parses NDJSON line by line, skipping blank lines and keeping bad ones as errors', () => {
    const body = parseBody('ndjson', Buffer.from('{"text":"a"}\n\n{oops\n{"text":"b"}\n'));
    expect(body).toEqual({
      kind: 'ndjson',
      lines: [{ ok: true, value: { text: 'a' } }, { ok: false, error: expect.stringContaining('malformed JSON') }, { ok: true, value: { text: 'b' } }],
    });
  });
});
