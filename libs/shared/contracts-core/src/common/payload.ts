import { HEADERS, JSON_CONTENT_TYPE } from '../headers';
import { decoded, violated, type Decoded } from './decode-result';
import { MAX_ID_LENGTH } from './limits';
import { headerString, toBuffer, type RawRecord } from './raw-record';

/** Default upper bound of a consumed value; larger ones go to the DLQ, not into memory-hungry parsing. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isJsonRecord(record: RawRecord): boolean {
  const contentType = headerString(record.headers, HEADERS.contentType);
  return contentType?.split(';')[0].trim().toLowerCase() === JSON_CONTENT_TYPE;
}

/** The value as strict UTF-8 text, after the size and emptiness checks every topic shares. */
export function valueText(record: RawRecord, maxBytes = DEFAULT_MAX_VALUE_BYTES): Decoded<string> {
  const bytes = toBuffer(record.value);
  if (bytes === null || bytes.length === 0) return violated('empty-value', 'the record has no value');
  if (bytes.length > maxBytes) {
    return violated('too-large', `the value has ${bytes.length} bytes, more than the limit of ${maxBytes}`);
  }
  try {
    return decoded(strictUtf8.decode(bytes));
  } catch {
    return violated('invalid-utf8', 'the value is not valid UTF-8');
  }
}

/**
 * The `id` header, which a record's results carry on: absent is fine (the consumer derives one),
 * but one that is not UTF-8, empty or longer than the JSON envelope's `id` may be is refused, like
 * a bad `id` field, rather than copied into every output (a 500 kB id would make them too large).
 */
export function headerId(record: RawRecord): Decoded<string | undefined> {
  const raw = record.headers?.[HEADERS.id];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return decoded(undefined);
  let id: string;
  try {
    id = typeof first === 'string' ? first : strictUtf8.decode(first);
  } catch {
    return violated('contract-violation', 'id header: not valid UTF-8', 'headers.id');
  }
  if (id.length === 0) return violated('contract-violation', 'id header: empty', 'headers.id');
  if (id.length > MAX_ID_LENGTH) return violated('contract-violation', `id header: ${id.length} characters, more than ${MAX_ID_LENGTH}`, 'headers.id');
  return decoded(id);
}

export function parseJson(text: string): Decoded<unknown> {
  try {
    return decoded(JSON.parse(text) as unknown);
  } catch (error) {
    return violated('invalid-json', `the value is not valid JSON: ${(error as Error).message}`);
  }
}

/** The key as text, or undefined for a null, empty or non-UTF-8 key. */
export function keyText(record: RawRecord): string | undefined {
  const bytes = toBuffer(record.key);
  if (bytes === null || bytes.length === 0) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
