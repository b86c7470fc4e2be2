import { HEADERS, JSON_CONTENT_TYPE, MAX_ID_LENGTH, MAX_SERIES_LENGTH, type ViolationReason } from '@kstream/contracts';

/*
 * The bad-input corpus: records a careless or hostile producer can put on the input topics,
 * and requests a careless or hostile client can send to ingest, each with the outcome the
 * contract (docs/architecture.md, "Payloads") promises for it. Data only; the suites that push it
 * through the broker and through HTTP live beside it. Some kinds are valid on purpose: odd
 * but legal input (a BOM, emoji, control characters, 2^53 + 1) must come out as a result,
 * not as a dead letter.
 */

const MiB = 1024 * 1024;
const json = { [HEADERS.contentType]: JSON_CONTENT_TYPE };
const bytes = (...values: number[]) => Buffer.from(values);
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** `count` headers `h0`…, each a value of `size` bytes: what a header-happy producer can attach to one record. */
export const manyHeaders = (count: number, size: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`h${i}`, 'v'.repeat(size)]));

/** A line of `count` distinct words. */
export const wordsLine = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');

/** `size` bytes of ordinary words: compresses well, so it can travel gzip-compressed when over the broker's limit. */
export const prose = (size: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(size / 27)).slice(0, size);

/**
 * `size` bytes of control characters U+0001..U+001F with a word every 64 bytes. Deterministic
 * (an LCG, not Math.random) so a failure reproduces. JSON escapes each control character as
 * six bytes (`\u0001`): the word-counts record of such a line is five times its size.
 */
export function controlNoise(size: number): string {
  let seed = 0x2545f491;
  const chars: string[] = [];
  for (let i = 0; i < size; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    chars.push(i % 64 === 63 ? ' x' : String.fromCharCode(1 + (seed % 31)));
  }
  return chars.join('').slice(0, size);
}

export type CorpusTopic = 'textLines' | 'numbers';

export type KafkaOutcome =
  | { readonly dlq: ViolationReason }
  | { readonly output: { readonly text?: string; readonly words?: number; readonly value?: number; readonly series?: string } };

export interface KafkaKind {
  readonly name: string;
  readonly topic: CorpusTopic;
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, Buffer | string>>;
  readonly expected: KafkaOutcome;
  /** Produced with Kafka's Java client rather than kafkajs: a second client's bytes on the wire. */
  readonly viaJavaClient?: boolean;
  /**
   * Copies produced back to back in one request, so the consumer gets them in one batch:
   * what a record does to the outputs of its neighbours only shows that way.
   */
  readonly burst?: number;
  /**
   * Set when the decoder accepts the record and the app refuses its result: word-count
   * dead-letters a line whose word-counts record the broker would not take even compressed.
   */
  readonly refusedAfterDecoding?: true;
}

const dlq = (reason: ViolationReason) => ({ dlq: reason }) as const;
const line = (text: string, words?: number) => ({ output: { text, words } }) as const;
const number = (value: number, series = 'default') => ({ output: { value, series } }) as const;

/**
 * Avro in the Confluent wire format, on either input topic. A schema id no registry gave (the run's
 * registry is new: ids start at 1) and frames that cannot hold one; a value that starts with byte 0
 * is taken for a frame, since text and JSON never do.
 */
const AVRO_KINDS: readonly Omit<KafkaKind, 'topic'>[] = [
  { name: 'Avro: magic byte alone', value: bytes(0x00), expected: dlq('avro-undecodable') },
  { name: 'Avro: frame of 4 bytes (id cut short)', value: bytes(0x00, 0x00, 0x00, 0x01), expected: dlq('avro-undecodable'), viaJavaClient: true },
  { name: 'Avro: schema id the registry never gave', value: bytes(0x00, 0x7f, 0xff, 0xff, 0xf0, 0x02), expected: dlq('avro-schema-unknown') },
  { name: 'Avro: schema id 0 with an empty payload', value: bytes(0x00, 0x00, 0x00, 0x00, 0x00), expected: dlq('avro-schema-unknown') },
];

const TEXT_LINES: readonly Omit<KafkaKind, 'topic'>[] = [
  // Invalid UTF-8: refused byte for byte, whatever the client.
  { name: 'lone continuation byte', value: bytes(0x61, 0x80, 0x62), expected: dlq('invalid-utf8') },
  { name: 'bytes 0xFF 0xFE', value: bytes(0x68, 0xff, 0xfe, 0x69), expected: dlq('invalid-utf8'), viaJavaClient: true },
  { name: 'overlong "/" (C0 AF)', value: bytes(0x61, 0xc0, 0xaf), expected: dlq('invalid-utf8'), viaJavaClient: true },
  { name: 'overlong NUL (C0 80)', value: bytes(0xc0, 0x80), expected: dlq('invalid-utf8') },
  { name: 'overlong three-byte "/" (E0 80 AF)', value: bytes(0xe0, 0x80, 0xaf), expected: dlq('invalid-utf8') },
  { name: 'lone high surrogate (ED A0 80)', value: bytes(0x61, 0xed, 0xa0, 0x80), expected: dlq('invalid-utf8') },
  { name: 'surrogate pair as CESU-8', value: bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80), expected: dlq('invalid-utf8') },
  { name: 'code point above U+10FFFF', value: bytes(0xf4, 0x90, 0x80, 0x80), expected: dlq('invalid-utf8') },
  { name: 'truncated multi-byte sequence', value: bytes(0x61, 0x62, 0xe2, 0x82), expected: dlq('invalid-utf8') },
  { name: 'Latin-1 text', value: bytes(0x63, 0x61, 0x66, 0xe9), expected: dlq('invalid-utf8'), viaJavaClient: true },
  { name: 'UTF-16LE with BOM', value: bytes(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00), expected: dlq('invalid-utf8') },
  // Empty.
  { name: 'null value (tombstone)', value: null, expected: dlq('empty-value'), viaJavaClient: true },
  { name: 'empty value', value: '', expected: dlq('empty-value'), viaJavaClient: true },
  { name: 'only a newline', value: '\n', expected: dlq('empty-value') },
  { name: 'only CRLF', value: '\r\n', expected: dlq('empty-value') },
  // Odd but valid text: a line is any UTF-8; a word needs a letter or a digit.
  { name: 'UTF-8 BOM before the text (dropped)', value: bytes(0xef, 0xbb, 0xbf, ...utf8('bom line')), expected: line('bom line', 2) },
  { name: 'NUL inside a line', value: 'a\u0000b c', expected: line('a\u0000b c', 2) },
  { name: 'only control characters', value: '\u0001\u0002\u0003\u007f', expected: line('\u0001\u0002\u0003\u007f', 0) },
  { name: 'ANSI escape sequences', value: '\u001b[31mred\u001b[0m alert', expected: line('\u001b[31mred\u001b[0m alert', 2) },
  { name: 'whitespace only (a line of no words)', value: ' \t  ', expected: line(' \t  ', 0) },
  { name: 'emoji, ZWJ sequence and combining accent', value: 'e\u0301t\u00e9 👩‍👩‍👧 ok', expected: line('e\u0301t\u00e9 👩‍👩‍👧 ok', 2) },
  { name: 'zero-width space and RTL override', value: '\u200babc \u202edef', expected: line('\u200babc \u202edef', 2) },
  { name: 'key not UTF-8 (a line ignores its key)', key: bytes(0xff, 0x00), value: 'keyed line', expected: line('keyed line', 2), viaJavaClient: false },
  { name: 'content-type header not UTF-8 (so not JSON: a raw line)', value: '{"text":"x"}', headers: { [HEADERS.contentType]: bytes(0xff, 0xfe) }, expected: line('{"text":"x"}', 1) },
  { name: 'JSON body without content-type (a raw line)', value: '{"text":"hi"}', expected: line('{"text":"hi"}', 1) },
  { name: 'JSON body with content-type text/xml (a raw line)', value: '{"text":"hi"}', headers: { [HEADERS.contentType]: 'text/xml' }, expected: line('{"text":"hi"}', 1) },
  // The JSON envelope.
  { name: 'JSON with charset parameter', value: '{"text":"with charset"}', headers: { [HEADERS.contentType]: 'Application/JSON; charset=utf-8' }, expected: line('with charset', 2) },
  { name: 'JSON lone surrogate escape (valid JSON)', value: '{"text":"\\ud800 lone"}', headers: json, expected: line('\ud800 lone', 1) },
  { name: 'JSON NUL escape', value: '{"text":"a\\u0000b"}', headers: json, expected: line('a\u0000b', 1) },
  { name: 'JSON duplicate key (the last wins)', value: '{"text":"first","text":"second"}', headers: json, expected: line('second', 1) },
  { name: 'JSON truncated', value: '{"text":"unterminated', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON trailing comma', value: '{"text":"a",}', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON single quotes', value: "{'text':'a'}", headers: json, expected: dlq('invalid-json') },
  { name: 'JSON header on plain text', value: 'hello world', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON top-level array', value: '["a line"]', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON top-level string', value: '"a line"', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON top-level number', value: '42', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON literal null', value: 'null', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text as number', value: '{"text":42}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text as boolean', value: '{"text":true}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text as array', value: '{"text":["a","b"]}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text as object', value: '{"text":{"t":"a"}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text null', value: '{"text":null}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON text empty', value: '{"text":""}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON id as number', value: '{"text":"a","id":7}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON id too long', value: JSON.stringify({ text: 'a', id: 'i'.repeat(MAX_ID_LENGTH + 1) }), headers: json, expected: dlq('contract-violation') },
  { name: 'JSON unknown field', value: '{"text":"a","colour":"red"}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON unknown field "__proto__"', value: '{"text":"a","__proto__":{"admin":true}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON unknown field "constructor"', value: '{"text":"a","constructor":{"prototype":{}}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON nested 20000 deep in an unknown field', value: `{"text":"a","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, headers: json, expected: dlq('contract-violation') },
  { name: 'JSON nested 20000 deep as the text', value: `{"text":${'{"t":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, headers: json, expected: dlq('contract-violation') },
  // Size.
  { name: '10k-word line', value: wordsLine(10_000), expected: line(wordsLine(10_000), 10_000) },
  { name: '1 MB line of words', value: prose(1_000_000), expected: { output: { words: 185_186 } }, viaJavaClient: true },
  { name: '1 MB of control characters (JSON-escaped to 5 MB)', value: controlNoise(1_000_000), expected: { output: { words: 15_384 } } },
  { name: '1 MiB of control characters (5.5 MB of JSON, over the limit even compressed)', value: controlNoise(MiB), expected: dlq('too-large'), refusedAfterDecoding: true },
  { name: 'value over 1 MiB', value: prose(MiB + 1), expected: dlq('too-large') },
  { name: 'one word of 900 kB', value: 'x'.repeat(900_000), expected: { output: { words: 1 } } },
  { name: 'key of 200 kB', key: 'k'.repeat(200_000), value: 'long key line', expected: line('long key line', 3) },
  { name: 'burst of 12 lines of 100 kB under one key', key: 'burst', value: prose(100_000), burst: 12, expected: { output: { words: 18_519 } } },
  { name: 'burst of 6 lines of 180 kB of quotes (JSON-escaped to double)', key: 'quotes', value: `${'"'.repeat(180_000)} q`, burst: 6, expected: { output: { words: 1 } } },

  // Confluent-framed Avro (byte 0, a 4-byte schema id): read through the registry or dead-lettered.
  ...AVRO_KINDS,

  // Headers: the id header is checked like the envelope's id; others travel only into dead letters.
  { name: 'id header not UTF-8', value: 'bad id header', headers: { [HEADERS.id]: bytes(0xff, 0xfe) }, expected: dlq('contract-violation') },
  { name: 'id header empty', value: 'empty id header', headers: { [HEADERS.id]: '' }, expected: dlq('contract-violation') },
  { name: 'id header of 200 kB', value: 'huge id header', headers: { [HEADERS.id]: 'i'.repeat(200_000) }, expected: dlq('contract-violation') },
  { name: `id header of ${MAX_ID_LENGTH} characters`, value: 'longest id header', headers: { [HEADERS.id]: 'i'.repeat(MAX_ID_LENGTH) }, expected: line('longest id header', 3) },
  { name: 'one header of 900 kB on a valid line', value: 'big header line', headers: { 'x-big': 'h'.repeat(900_000) }, expected: line('big header line', 3) },
  { name: '1,000 headers of 800 bytes on a valid line', value: 'many headers line', headers: manyHeaders(1000, 800), expected: line('many headers line', 3) },
  { name: '1,000 headers of 800 bytes on a line that is not UTF-8 (its dead letter carries them)', value: bytes(0x61, 0xff), headers: manyHeaders(1000, 800), expected: dlq('invalid-utf8') },
];

const NUMBERS: readonly Omit<KafkaKind, 'topic'>[] = [
  ...AVRO_KINDS,
  { name: 'NaN', value: 'NaN', expected: dlq('not-a-number'), viaJavaClient: true },
  { name: 'Infinity', value: 'Infinity', expected: dlq('not-a-number') },
  { name: '-Infinity', value: '-Infinity', expected: dlq('not-a-number') },
  { name: '1e309', value: '1e309', expected: dlq('not-a-number') },
  { name: '-1e309', value: '-1e309', expected: dlq('not-a-number') },
  { name: '400 digits (beyond a double)', value: '9'.repeat(400), expected: dlq('not-a-number') },
  { name: '1 MB of digits', value: '1'.repeat(1_000_000), expected: dlq('not-a-number') },
  { name: 'hex', value: '0x10', expected: dlq('not-a-number') },
  { name: 'octal prefix', value: '0o17', expected: dlq('not-a-number') },
  { name: 'binary prefix', value: '0b101', expected: dlq('not-a-number') },
  { name: 'digit separators', value: '1_000', expected: dlq('not-a-number') },
  { name: 'decimal comma', value: '1,5', expected: dlq('not-a-number') },
  { name: 'a word', value: 'abc', expected: dlq('not-a-number') },
  { name: 'two numbers', value: '1 2', expected: dlq('not-a-number') },
  { name: 'trailing NUL', value: '4\u0000', expected: dlq('not-a-number'), viaJavaClient: true },
  { name: 'full-width digit', value: '\uff14', expected: dlq('not-a-number') },
  { name: 'Arabic-Indic digit', value: '\u0664', expected: dlq('not-a-number') },
  { name: 'empty value', value: '', expected: dlq('empty-value') },
  { name: 'whitespace only', value: ' \t\r\n', expected: dlq('empty-value') },
  { name: 'null value (tombstone)', key: 'tomb', value: null, expected: dlq('empty-value') },
  { name: 'invalid UTF-8', value: bytes(0x31, 0xff), expected: dlq('invalid-utf8'), viaJavaClient: true },
  { name: 'overlong "1" (C0 B1)', value: bytes(0xc0, 0xb1), expected: dlq('invalid-utf8') },
  { name: 'value over 1 MiB of spaces', value: ' '.repeat(MiB + 1), expected: dlq('too-large') },
  // Valid numbers in unusual clothes.
  { name: 'leading plus', value: '+5', expected: number(5) },
  { name: 'exponent', value: '-2e3', expected: number(-2000) },
  { name: 'surrounding whitespace', value: ' 3.5\n', expected: number(3.5) },
  { name: 'trailing dot', value: '5.', expected: number(5) },
  { name: 'leading zeros', value: '007', expected: number(7) },
  { name: 'UTF-8 BOM before the number (dropped)', value: bytes(0xef, 0xbb, 0xbf, 0x37), expected: number(7) },
  { name: '2^53 + 1 (rounds to 2^53)', value: '9007199254740993', expected: number(9007199254740992) },
  { name: 'subnormal 5e-324', value: '5e-324', expected: number(5e-324) },
  { name: 'underflow 1e-400 (rounds to 0)', value: '1e-400', expected: number(0) },
  { name: 'key not UTF-8 (series default)', key: bytes(0xc3, 0x28), value: '2', expected: number(2) },
  { name: 'emoji series key', key: 'temp 🌡 ℃', value: '21', expected: number(21, 'temp 🌡 ℃') },
  { name: `series key of ${MAX_SERIES_LENGTH} characters`, key: 's'.repeat(MAX_SERIES_LENGTH), value: '1', expected: number(1, 's'.repeat(MAX_SERIES_LENGTH)) },
  { name: 'series key of 600 kB', key: 'k'.repeat(600_000), value: '1', expected: dlq('contract-violation') },
  // The JSON envelope.
  { name: 'JSON value as string', value: '{"value":"4"}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON value as boolean', value: '{"value":true}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON value as array', value: '{"value":[1]}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON value as object', value: '{"value":{"v":1}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON value null', value: '{"value":null}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON value missing', value: '{"series":"x"}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON 1e309', value: '{"value":1e309}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON -1e309', value: '{"value":-1e309}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON NaN literal', value: '{"value":NaN}', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON Infinity literal', value: '{"value":Infinity}', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON hex literal', value: '{"value":0x10}', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON truncated', value: '{"value":', headers: json, expected: dlq('invalid-json') },
  { name: 'JSON top-level array', value: '[1]', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON series as number', value: '{"value":1,"series":5}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON series too long', value: JSON.stringify({ value: 1, series: 's'.repeat(MAX_SERIES_LENGTH + 1) }), headers: json, expected: dlq('contract-violation') },
  { name: 'JSON unknown field "__proto__"', value: '{"value":1,"__proto__":{"admin":true}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON nested 20000 deep as the value', value: `{"value":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, headers: json, expected: dlq('contract-violation') },
  { name: 'JSON huge integer', value: '{"value":123456789012345678901234567890,"series":"big"}', headers: json, expected: number(1.2345678901234568e29, 'big') },
  { name: 'JSON series with a long key (the JSON series wins)', key: 'k'.repeat(2000), value: '{"value":3,"series":"short"}', headers: json, expected: number(3, 'short') },
  { name: 'JSON unknown field "constructor"', value: '{"value":1,"constructor":{"prototype":{}}}', headers: json, expected: dlq('contract-violation') },
  { name: 'JSON duplicate key (the last wins)', value: '{"value":1,"value":2}', headers: json, expected: number(2) },
  // One series whatever the Unicode spelling: NFD (e + combining acute) is keyed as NFC.
  { name: 'series key in NFD (one series with its NFC spelling)', key: 'cafe\u0301', value: '4', expected: number(4, 'caf\u00e9') },
  { name: 'JSON series in NFD', value: '{"value":5,"series":"cafe\u0301"}', headers: json, expected: number(5, 'caf\u00e9') },
  { name: 'id header of 200 kB', value: '6', headers: { [HEADERS.id]: 'i'.repeat(200_000) }, expected: dlq('contract-violation') },
  { name: 'id header not UTF-8', value: '6', headers: { [HEADERS.id]: bytes(0xc3, 0x28) }, expected: dlq('contract-violation') },
];

export const KAFKA_KINDS: readonly KafkaKind[] = [
  ...TEXT_LINES.map((kind) => ({ ...kind, topic: 'textLines' as const })),
  ...NUMBERS.map((kind) => ({ ...kind, topic: 'numbers' as const })),
];

export type IngestPath = '/lines' | '/numbers' | '/lines/batch' | '/numbers/batch';

export type HttpOutcome =
  /** Refused as a whole; `field` is the one the 4xx body names. */
  | { readonly status: 400 | 413 | 415; readonly field?: string; readonly message?: RegExp }
  /** Stored (every entry of a batch); each record must then reach the stream processor. */
  | { readonly status: 201 }
  /** A batch partly stored: these entries refused, naming their field, the others stored. */
  | { readonly status: 207; readonly refused: readonly { readonly index: number; readonly statusCode: number; readonly field?: string }[] };

export interface HttpKind {
  readonly name: string;
  readonly path: IngestPath;
  /** null: no Content-Type header at all. */
  readonly contentType: string | null;
  readonly body: string | Buffer;
  /** Appended to the path (`?key=k`): a text body's fields come from the query string. */
  readonly query?: string;
  /** Sent as a stream, chunked, with no Content-Length. */
  readonly chunked?: true;
  readonly expected: HttpOutcome;
}

const JSON_TYPE = 'application/json';
const TEXT_TYPE = 'text/plain';
const NDJSON_TYPE = 'application/x-ndjson';
const bad = (field?: string, message?: RegExp) => ({ status: 400, field, message }) as const;
const stored = { status: 201 } as const;

export const HTTP_KINDS: readonly HttpKind[] = [
  // POST /lines
  { name: 'text as number', path: '/lines', contentType: JSON_TYPE, body: '{"text":42}', expected: bad('text') },
  { name: 'text as boolean', path: '/lines', contentType: JSON_TYPE, body: '{"text":false}', expected: bad('text') },
  { name: 'text as array', path: '/lines', contentType: JSON_TYPE, body: '{"text":["a"]}', expected: bad('text') },
  { name: 'text as object', path: '/lines', contentType: JSON_TYPE, body: '{"text":{"a":1}}', expected: bad('text') },
  { name: 'text null', path: '/lines', contentType: JSON_TYPE, body: '{"text":null}', expected: bad('text') },
  { name: 'text missing', path: '/lines', contentType: JSON_TYPE, body: '{"id":"x"}', expected: bad('text') },
  { name: 'text empty', path: '/lines', contentType: JSON_TYPE, body: '{"text":""}', expected: bad('text') },
  { name: 'unknown field', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a","colour":"red"}', expected: bad('colour') },
  { name: 'unknown field "__proto__"', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a","__proto__":{"admin":true}}', expected: bad('__proto__') },
  { name: 'key too long', path: '/lines', contentType: JSON_TYPE, body: JSON.stringify({ text: 'a', key: 'k'.repeat(1025) }), expected: bad('key') },
  { name: 'id too long', path: '/lines', contentType: JSON_TYPE, body: JSON.stringify({ text: 'a', id: 'i'.repeat(MAX_ID_LENGTH + 1) }), expected: bad('id') },
  { name: 'partition as string', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a","partition":"1"}', expected: bad('partition') },
  { name: 'JSON truncated', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a', expected: bad(undefined, /malformed JSON/) },
  { name: 'JSON trailing comma', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a",}', expected: bad(undefined, /malformed JSON/) },
  { name: 'JSON empty body', path: '/lines', contentType: JSON_TYPE, body: '', expected: bad(undefined, /malformed JSON/) },
  { name: 'JSON top-level string', path: '/lines', contentType: JSON_TYPE, body: '"a line"', expected: bad(undefined, /expected a JSON object/) },
  { name: 'JSON literal null', path: '/lines', contentType: JSON_TYPE, body: 'null', expected: bad(undefined, /expected a JSON object/) },
  { name: 'JSON nested 20000 deep in an unknown field', path: '/lines', contentType: JSON_TYPE, body: `{"text":"a","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, expected: bad('x') },
  { name: 'JSON nested 20000 deep as the text', path: '/lines', contentType: JSON_TYPE, body: `{"text":${'{"t":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, expected: bad('text') },
  { name: 'JSON body not UTF-8', path: '/lines', contentType: JSON_TYPE, body: Buffer.concat([utf8('{"text":"caf'), bytes(0xe9), utf8('"}')]), expected: bad(undefined, /not valid UTF-8/) },
  { name: 'text/plain overlong encoding', path: '/lines', contentType: TEXT_TYPE, body: bytes(0x61, 0xc0, 0xaf), expected: bad(undefined, /not valid UTF-8/) },
  { name: 'text/plain lone surrogate bytes', path: '/lines', contentType: TEXT_TYPE, body: bytes(0xed, 0xa0, 0x80), expected: bad(undefined, /not valid UTF-8/) },
  { name: 'text/plain empty', path: '/lines', contentType: TEXT_TYPE, body: '', expected: bad('text') },
  { name: 'no Content-Type, JSON body', path: '/lines', contentType: null, body: utf8('{"text":"a"}'), expected: { status: 415 } },
  { name: 'Content-Type application/xml', path: '/lines', contentType: 'application/xml', body: '<text>a</text>', expected: { status: 415 } },
  { name: 'charset ISO-8859-1', path: '/lines', contentType: 'text/plain; charset=iso-8859-1', body: bytes(0x63, 0x61, 0x66, 0xe9), expected: { status: 415 } },
  { name: 'NDJSON on the single-record endpoint', path: '/lines', contentType: NDJSON_TYPE, body: '{"text":"a"}\n', expected: { status: 415 } },
  { name: 'record over 1 MiB', path: '/lines', contentType: JSON_TYPE, body: JSON.stringify({ text: 'x'.repeat(MiB) }), expected: { status: 413, field: 'text' } },
  { name: 'body over 16 MiB', path: '/lines/batch', contentType: TEXT_TYPE, body: 'z'.repeat(16 * MiB + 1), expected: { status: 413, message: /INGEST_MAX_REQUEST_BYTES/ } },
  { name: '10k-word line', path: '/lines', contentType: JSON_TYPE, body: JSON.stringify({ text: wordsLine(10_000) }), expected: stored },
  { name: 'text/plain line of 1 MB', path: '/lines', contentType: TEXT_TYPE, body: prose(1_000_000), expected: stored },
  { name: 'whitespace-only line (valid, no words)', path: '/lines', contentType: TEXT_TYPE, body: '  \t ', expected: stored },
  { name: 'control characters and NUL', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a\\u0000b \\u001b[1m c\\u0007"}', expected: stored },
  { name: 'lone surrogate escape (valid JSON)', path: '/lines', contentType: JSON_TYPE, body: '{"text":"\\udc00 x"}', expected: stored },
  { name: 'emoji and combining characters', path: '/lines', contentType: TEXT_TYPE, body: 'e\u0301t\u00e9 👩‍👩‍👧 ok\n', expected: stored },
  { name: 'BOM before a text/plain line', path: '/lines', contentType: TEXT_TYPE, body: bytes(0xef, 0xbb, 0xbf, ...utf8('bom line')), expected: stored },
  // POST /numbers
  { name: 'value as string', path: '/numbers', contentType: JSON_TYPE, body: '{"value":"4"}', expected: bad('value') },
  { name: 'value as boolean', path: '/numbers', contentType: JSON_TYPE, body: '{"value":true}', expected: bad('value') },
  { name: 'value as array', path: '/numbers', contentType: JSON_TYPE, body: '{"value":[4]}', expected: bad('value') },
  { name: 'value as object', path: '/numbers', contentType: JSON_TYPE, body: '{"value":{"v":4}}', expected: bad('value') },
  { name: 'value null', path: '/numbers', contentType: JSON_TYPE, body: '{"value":null}', expected: bad('value') },
  { name: 'JSON 1e309', path: '/numbers', contentType: JSON_TYPE, body: '{"value":1e309}', expected: bad('value') },
  { name: 'JSON -1e309', path: '/numbers', contentType: JSON_TYPE, body: '{"value":-1e309}', expected: bad('value') },
  { name: 'JSON NaN literal', path: '/numbers', contentType: JSON_TYPE, body: '{"value":NaN}', expected: bad(undefined, /malformed JSON/) },
  { name: 'JSON nested 20000 deep as the value', path: '/numbers', contentType: JSON_TYPE, body: `{"value":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, expected: bad('value') },
  { name: 'series as number', path: '/numbers', contentType: JSON_TYPE, body: '{"value":1,"series":7}', expected: bad('series') },
  { name: 'series too long', path: '/numbers', contentType: JSON_TYPE, body: JSON.stringify({ value: 1, series: 's'.repeat(MAX_SERIES_LENGTH + 1) }), expected: bad('series') },
  { name: 'text/plain NaN', path: '/numbers', contentType: TEXT_TYPE, body: 'NaN', expected: bad('value') },
  { name: 'text/plain Infinity', path: '/numbers', contentType: TEXT_TYPE, body: 'Infinity', expected: bad('value') },
  { name: 'text/plain -Infinity', path: '/numbers', contentType: TEXT_TYPE, body: '-Infinity', expected: bad('value') },
  { name: 'text/plain -1e309', path: '/numbers', contentType: TEXT_TYPE, body: '-1e309', expected: bad('value') },
  { name: 'text/plain hex', path: '/numbers', contentType: TEXT_TYPE, body: '0x1F', expected: bad('value') },
  { name: 'text/plain whitespace only', path: '/numbers', contentType: TEXT_TYPE, body: ' \t\n', expected: bad('value') },
  { name: 'text/plain invalid UTF-8', path: '/numbers', contentType: TEXT_TYPE, body: bytes(0x34, 0xff), expected: bad(undefined, /not valid UTF-8/) },
  { name: '2^53 + 1 as JSON', path: '/numbers', contentType: JSON_TYPE, body: '{"value":9007199254740993,"series":"big"}', expected: stored },
  { name: 'text/plain -2e3 with whitespace', path: '/numbers', contentType: TEXT_TYPE, body: ' -2e3\n', expected: stored },
  { name: 'emoji series', path: '/numbers', contentType: JSON_TYPE, body: '{"value":1.5,"series":"temp 🌡"}', expected: stored },
  // Batches: a bad entry is refused alone and names its field; the good ones are stored.
  {
    name: 'JSON array batch with wrong types among good lines',
    path: '/lines/batch',
    contentType: JSON_TYPE,
    body: JSON.stringify([{ text: 'good one' }, { text: 7 }, { text: 'good two' }, { text: 'x', partition: -1 }, { text: 'x'.repeat(MiB) }]),
    expected: { status: 207, refused: [{ index: 1, statusCode: 400, field: 'text' }, { index: 3, statusCode: 400, field: 'partition' }, { index: 4, statusCode: 413, field: 'text' }] },
  },
  {
    name: 'NDJSON batch with a malformed line',
    path: '/lines/batch',
    contentType: NDJSON_TYPE,
    body: '{"text":"first"}\n{"text":\n{"text":"third"}\n',
    expected: { status: 207, refused: [{ index: 1, statusCode: 400 }] },
  },
  {
    name: 'text/plain numbers batch with bad lines',
    path: '/numbers/batch',
    contentType: TEXT_TYPE,
    body: 'abc\n4\nNaN\n1e309\n-2e3\n0x10\n\n',
    expected: {
      status: 207,
      refused: [
        { index: 0, statusCode: 400, field: 'value' },
        { index: 2, statusCode: 400, field: 'value' },
        { index: 3, statusCode: 400, field: 'value' },
        { index: 5, statusCode: 400, field: 'value' },
        { index: 6, statusCode: 400, field: 'value' },
      ],
    },
  },
  {
    name: 'NDJSON numbers batch with wrong types',
    path: '/numbers/batch',
    contentType: NDJSON_TYPE,
    body: '{"value":1}\n{"value":"1"}\n{"value":null}\n{"value":2,"series":"s"}\n',
    expected: { status: 207, refused: [{ index: 1, statusCode: 400, field: 'value' }, { index: 2, statusCode: 400, field: 'value' }] },
  },
  { name: 'batch that is not an array', path: '/numbers/batch', contentType: JSON_TYPE, body: '{"value":1}', expected: bad(undefined, /expected a JSON array/) },
  { name: 'empty batch', path: '/lines/batch', contentType: JSON_TYPE, body: '[]', expected: bad(undefined, /empty/) },
  // Prototype keys on every way in: JSON fields, NDJSON entries, query strings.
  { name: 'unknown field "__proto__" on /numbers', path: '/numbers', contentType: JSON_TYPE, body: '{"value":1,"__proto__":{"admin":true}}', expected: bad('__proto__') },
  { name: 'unknown field "constructor" on /lines', path: '/lines', contentType: JSON_TYPE, body: '{"text":"a","constructor":{"prototype":{"admin":true}}}', expected: bad('constructor') },
  { name: 'unknown field "constructor" on /numbers', path: '/numbers', contentType: JSON_TYPE, body: '{"value":1,"constructor":{"prototype":{}}}', expected: bad('constructor') },
  {
    name: 'NDJSON entry with "__proto__"',
    path: '/lines/batch',
    contentType: NDJSON_TYPE,
    body: '{"text":"clean entry"}\n{"text":"a","__proto__":{"admin":true}}\n',
    expected: { status: 207, refused: [{ index: 1, statusCode: 400, field: '__proto__' }] },
  },
  { name: '"__proto__" in the query string of a text line', path: '/lines', query: '?__proto__=x', contentType: TEXT_TYPE, body: 'query line', expected: bad('__proto__') },
  { name: '"constructor" in the query string of a text number', path: '/numbers', query: '?constructor=x', contentType: TEXT_TYPE, body: '4', expected: bad('constructor') },
  // Content-Type parameters a careless client writes.
  { name: 'Content-Type with a charset and no value', path: '/lines', contentType: 'application/json; charset', body: '{"text":"a"}', expected: { status: 415 } },
  { name: 'Content-Type with an unterminated quote', path: '/lines', contentType: 'text/plain; charset="utf-8', body: 'a', expected: { status: 415 } },
  { name: 'Content-Type charset UTF-16', path: '/lines', contentType: 'application/json; charset=utf-16', body: '{"text":"a"}', expected: { status: 415 } },
  { name: 'Content-Type with empty parameters', path: '/lines', contentType: 'text/plain;;;', body: 'semicolons', expected: stored },
  // The size is only known by reading a chunked body: the limit must hold all the same.
  { name: 'chunked body over 16 MiB, no Content-Length', path: '/lines/batch', contentType: TEXT_TYPE, body: 'z'.repeat(16 * MiB + 1), chunked: true, expected: { status: 413, message: /INGEST_MAX_REQUEST_BYTES/ } },
  { name: 'chunked body under the limit', path: '/lines/batch', contentType: TEXT_TYPE, body: 'chunked one\nchunked two\n', chunked: true, expected: stored },
];
