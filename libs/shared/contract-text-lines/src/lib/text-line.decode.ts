import { type Decoded, decoded, DEFAULT_MAX_VALUE_BYTES, headerId, isJsonRecord, keyText, parseJson, type RawRecord, validateContract, valueText, violated } from '@kstream/contracts-core';
import { fastTextLineEnvelope } from './text-line.fast-check';
import { TextLineEnvelope, type TextLine } from './text-line.value';

/** One trailing newline is what console producers and `print()` add; it is not part of the line. */
function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/**
 * Decodes a `text-lines` record: raw UTF-8 from any producer, or the JSON envelope
 * when the content-type header says so.
 */
export function decodeTextLine(record: RawRecord, maxBytes = DEFAULT_MAX_VALUE_BYTES): Decoded<TextLine> {
  const text = valueText(record, maxBytes);
  if (!text.ok) return text;
  const key = keyText(record);

  if (isJsonRecord(record)) {
    const json = parseJson(text.value);
    if (!json.ok) return json;
    // The plain check takes valid envelopes; the contract class decides (and words the violation) otherwise.
    const fast = fastTextLineEnvelope(json.value);
    const envelope = fast ? decoded(fast) : validateContract(TextLineEnvelope, json.value);
    if (!envelope.ok) return envelope;
    if (envelope.value.id !== undefined) return decoded({ text: envelope.value.text, id: envelope.value.id, key });
    const id = headerId(record);
    return id.ok ? decoded({ text: envelope.value.text, id: id.value, key }) : id;
  }

  const line = dropTrailingNewline(text.value);
  if (line.length === 0) return violated('empty-value', 'the line is empty');
  const id = headerId(record);
  return id.ok ? decoded({ text: line, id: id.value, key }) : id;
}
