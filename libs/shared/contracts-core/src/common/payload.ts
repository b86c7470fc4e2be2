import { HEADERS, JSON_CONTENT_TYPE } from '../headers';
import { decoded, violated, type Decoded } from './decode-result';
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
