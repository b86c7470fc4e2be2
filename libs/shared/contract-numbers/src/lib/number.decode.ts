import { type Decoded, decoded, DEFAULT_MAX_VALUE_BYTES, headerId, isJsonRecord, keyText, parseJson, type RawRecord, validateContract, valueText, violated } from '@kstream/contracts-core';
import { fastNumberEnvelope } from './number.fast-check';
import { DEFAULT_SERIES, MAX_SERIES_LENGTH, NumberEnvelope, seriesName, type SeriesNumber } from './number.value';

/**
 * A plain decimal: optional sign, digits with an optional fraction, optional exponent.
 * `Number()` alone would also accept '', '0x10', 'Infinity' and '1_000'-like surprises.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses the raw form of a number (`4`, ` 3.5\n`, `-2e3`); refuses anything not finite. */
export function parseDecimal(text: string): Decoded<number> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return violated('empty-value', 'the value is empty', 'value');
  if (!DECIMAL.test(trimmed)) return violated('not-a-number', `"${trimmed.slice(0, 64)}" is not a decimal number`, 'value');
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return violated('not-a-number', `"${trimmed.slice(0, 64)}" is out of the range of a double`, 'value');
  return decoded(value);
}

/** Decodes a `numbers` record: raw decimal text, or the JSON envelope when the content-type header says so. */
export function decodeNumber(record: RawRecord, maxBytes = DEFAULT_MAX_VALUE_BYTES): Decoded<SeriesNumber> {
  const text = valueText(record, maxBytes);
  if (!text.ok) return text;
  const key = keyText(record);
  const keySeries = key === undefined ? undefined : seriesName(key);

  if (isJsonRecord(record)) {
    const json = parseJson(text.value);
    if (!json.ok) return json;
    // The plain check takes valid envelopes; the contract class decides (and words the violation) otherwise.
    const fast = fastNumberEnvelope(json.value);
    const envelope = fast ? decoded(fast) : validateContract(NumberEnvelope, json.value);
    if (!envelope.ok) return envelope;
    const { value, id } = envelope.value;
    const series = envelope.value.series === undefined ? undefined : seriesName(envelope.value.series);
    if (series === undefined && keySeries !== undefined && keySeries.length > MAX_SERIES_LENGTH) return keyTooLong(keySeries);
    if (id !== undefined) return decoded({ value, series: series ?? keySeries ?? DEFAULT_SERIES, id });
    const fromHeader = headerId(record);
    return fromHeader.ok ? decoded({ value, series: series ?? keySeries ?? DEFAULT_SERIES, id: fromHeader.value }) : fromHeader;
  }

  const value = parseDecimal(text.value);
  if (!value.ok) return value;
  if (keySeries !== undefined && keySeries.length > MAX_SERIES_LENGTH) return keyTooLong(keySeries);
  const fromHeader = headerId(record);
  return fromHeader.ok ? decoded({ value: value.value, series: keySeries ?? DEFAULT_SERIES, id: fromHeader.value }) : fromHeader;
}

/**
 * A key that serves as the series obeys the limit of a JSON series: the series is the key and
 * part of the value of both outputs, so a 600 kB key would make records the broker refuses.
 */
function keyTooLong(key: string): Decoded<never> {
  return violated('contract-violation', `key: the series (the record key) has ${key.length} characters, more than ${MAX_SERIES_LENGTH}`, 'key');
}
