import { HEADERS, JSON_CONTENT_TYPE, type RawRecord, type ViolationReason } from '@kstream/contracts-core';

const json = { [HEADERS.contentType]: JSON_CONTENT_TYPE };

export interface TextLineFixture {
  readonly name: string;
  readonly record: RawRecord;
  readonly expected:
    | { readonly ok: true; readonly text: string; readonly words: number; readonly id?: string }
    | { readonly ok: false; readonly reason: ViolationReason };
}

/** Valid and invalid `text-lines` records, raw and JSON, with the outcome a consumer must reach. */
export const TEXT_LINE_FIXTURES: readonly TextLineFixture[] = [
  { name: 'raw line', record: { key: null, value: 'hello kafka world' }, expected: { ok: true, text: 'hello kafka world', words: 3 } },
  {
    name: 'raw line with trailing newline (console producer)',
    record: { key: null, value: 'one two three four five six seven\n' },
    expected: { ok: true, text: 'one two three four five six seven', words: 7 },
  },
  { name: 'raw line with CRLF', record: { key: 'k', value: 'a b\r\n' }, expected: { ok: true, text: 'a b', words: 2 } },
  {
    name: 'tabs, repeated spaces and punctuation',
    record: { key: null, value: 'so,\t  many   spaces , here !' },
    expected: { ok: true, text: 'so,\t  many   spaces , here !', words: 4 },
  },
  { name: 'unicode words and an emoji', record: { key: null, value: 'héllo 文字 😀 wörld' }, expected: { ok: true, text: 'héllo 文字 😀 wörld', words: 3 } },
  {
    name: 'JSON envelope with id',
    record: { key: null, value: JSON.stringify({ text: 'the quick brown fox jumps over the lazy dog', id: 'line-1' }), headers: json },
    expected: { ok: true, text: 'the quick brown fox jumps over the lazy dog', words: 9, id: 'line-1' },
  },
  {
    name: 'raw line with id header',
    record: { key: null, value: 'x y', headers: { [HEADERS.id]: 'hdr-1' } },
    expected: { ok: true, text: 'x y', words: 2, id: 'hdr-1' },
  },
  { name: 'null value', record: { key: null, value: null }, expected: { ok: false, reason: 'empty-value' } },
  { name: 'empty value', record: { key: null, value: '' }, expected: { ok: false, reason: 'empty-value' } },
  { name: 'only a newline', record: { key: null, value: '\n' }, expected: { ok: false, reason: 'empty-value' } },
  { name: 'invalid UTF-8', record: { key: null, value: Buffer.from([0x68, 0xff, 0xfe, 0x69]) }, expected: { ok: false, reason: 'invalid-utf8' } },
  { name: 'malformed JSON', record: { key: null, value: '{"text": "unterminated', headers: json }, expected: { ok: false, reason: 'invalid-json' } },
  { name: 'JSON without text', record: { key: null, value: '{"id":"x"}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON with empty text', record: { key: null, value: '{"text":""}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON with a number as text', record: { key: null, value: '{"text":42}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON with an unknown field', record: { key: null, value: '{"text":"a","colour":"red"}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON array', record: { key: null, value: '["a"]', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'oversized value', record: { key: null, value: Buffer.alloc(1024 * 1024 + 1, 0x61) }, expected: { ok: false, reason: 'too-large' } },
  // Once a stack overflow in class-transformer (dead-lettered as processing-failed after three retries).
  { name: 'JSON nested 10000 deep', record: { key: null, value: `{"text":"a","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  // Once dropped silently by class-transformer, so the unknown field went unnoticed.
  { name: 'JSON with a "__proto__" field', record: { key: null, value: '{"text":"a","__proto__":{"admin":true}}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
];
