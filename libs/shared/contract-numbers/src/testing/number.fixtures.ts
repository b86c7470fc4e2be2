import { HEADERS, JSON_CONTENT_TYPE, type RawRecord, type ViolationReason } from '@kstream/contracts-core';

const json = { [HEADERS.contentType]: JSON_CONTENT_TYPE };

export interface NumberFixture {
  readonly name: string;
  readonly record: RawRecord;
  readonly expected:
    | { readonly ok: true; readonly value: number; readonly series: string; readonly id?: string }
    | { readonly ok: false; readonly reason: ViolationReason };
}

/** Valid and invalid `numbers` records, raw and JSON, with the outcome a consumer must reach. */
export const NUMBER_FIXTURES: readonly NumberFixture[] = [
  { name: 'integer', record: { key: null, value: '4' }, expected: { ok: true, value: 4, series: 'default' } },
  { name: 'with newline (console producer)', record: { key: null, value: '4\n' }, expected: { ok: true, value: 4, series: 'default' } },
  { name: 'surrounding whitespace', record: { key: null, value: ' 3.5\n' }, expected: { ok: true, value: 3.5, series: 'default' } },
  { name: 'exponent', record: { key: null, value: '-2e3' }, expected: { ok: true, value: -2000, series: 'default' } },
  { name: 'keyed: the key is the series', record: { key: 'temp', value: '21.5' }, expected: { ok: true, value: 21.5, series: 'temp' } },
  { name: 'leading dot', record: { key: null, value: '.5' }, expected: { ok: true, value: 0.5, series: 'default' } },
  {
    name: 'JSON with series and id',
    record: { key: 'ignored', value: '{"value":1.25,"series":"s1","id":"n-1"}', headers: json },
    expected: { ok: true, value: 1.25, series: 's1', id: 'n-1' },
  },
  { name: 'JSON without series: key is the series', record: { key: 'k', value: '{"value":-7}', headers: json }, expected: { ok: true, value: -7, series: 'k' } },
  { name: 'not a number', record: { key: null, value: 'abc' }, expected: { ok: false, reason: 'not-a-number' } },
  { name: 'empty', record: { key: null, value: '' }, expected: { ok: false, reason: 'empty-value' } },
  { name: 'only spaces', record: { key: null, value: '   ' }, expected: { ok: false, reason: 'empty-value' } },
  { name: 'NaN', record: { key: null, value: 'NaN' }, expected: { ok: false, reason: 'not-a-number' } },
  { name: 'Infinity', record: { key: null, value: 'Infinity' }, expected: { ok: false, reason: 'not-a-number' } },
  { name: 'out of range', record: { key: null, value: '1e309' }, expected: { ok: false, reason: 'not-a-number' } },
  { name: 'hex', record: { key: null, value: '0x10' }, expected: { ok: false, reason: 'not-a-number' } },
  { name: 'JSON value as string', record: { key: null, value: '{"value":"4"}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON null value', record: { key: null, value: '{"value":null}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON 1e309', record: { key: null, value: '{"value":1e309}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON unknown field', record: { key: null, value: '{"value":1,"unit":"C"}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'malformed JSON', record: { key: null, value: '{"value":', headers: json }, expected: { ok: false, reason: 'invalid-json' } },
  { name: 'invalid UTF-8', record: { key: null, value: Buffer.from([0x31, 0xff]) }, expected: { ok: false, reason: 'invalid-utf8' } },
  { name: 'JSON nested 10000 deep', record: { key: null, value: `{"value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, headers: json }, expected: { ok: false, reason: 'contract-violation' } },
  { name: 'JSON with a "__proto__" field', record: { key: null, value: '{"value":1,"__proto__":{"admin":true}}', headers: json }, expected: { ok: false, reason: 'contract-violation' } },
];
