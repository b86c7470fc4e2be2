import { randomUUID } from 'node:crypto';
import { DEFAULT_SERIES, type NumberEnvelope } from '@kstream/contract-numbers';
import type { TextLineEnvelope } from '@kstream/contract-text-lines';
import { HEADERS, JSON_CONTENT_TYPE } from '@kstream/contracts-core';

/**
 * What ingest writes, for every entry point (HTTP and the command line): the JSON envelope
 * of the topic contract, and the headers every record carries.
 */
export interface BuiltRecord {
  readonly id: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  readonly partition?: number;
}

export interface LineInput {
  readonly text: string;
  readonly key?: string;
  readonly partition?: number;
  readonly id?: string;
}

export interface NumberInput {
  readonly value: number;
  readonly series?: string;
  readonly partition?: number;
  readonly id?: string;
}

function headers(id: string, producedAt: string): Record<string, string> {
  return { [HEADERS.contentType]: JSON_CONTENT_TYPE, [HEADERS.id]: id, [HEADERS.producedAt]: producedAt };
}

/** `producedAt`: ISO time; a batch passes one for all its records instead of a Date each. */
export function lineRecord(input: LineInput, producedAt = new Date().toISOString()): BuiltRecord {
  const id = input.id ?? randomUUID();
  const envelope: TextLineEnvelope = { text: input.text, id };
  return { id, key: input.key ?? null, value: Buffer.from(JSON.stringify(envelope)), headers: headers(id, producedAt), partition: input.partition };
}

/** The key is the series, so one series stays in order on one partition. */
export function numberRecord(input: NumberInput, producedAt = new Date().toISOString()): BuiltRecord {
  const id = input.id ?? randomUUID();
  const series = input.series ?? DEFAULT_SERIES;
  const envelope: NumberEnvelope = { value: input.value, series, id };
  return { id, key: series, value: Buffer.from(JSON.stringify(envelope)), headers: headers(id, producedAt), partition: input.partition };
}

/** Key + value + header bytes: what the per-record limit is about. */
export function recordBytes(record: Pick<BuiltRecord, 'key' | 'value' | 'headers'>): number {
  let bytes = record.value.length + (record.key === null ? 0 : Buffer.byteLength(record.key));
  const headers = record.headers;
  for (const name in headers) bytes += Buffer.byteLength(name) + Buffer.byteLength(headers[name]);
  return bytes;
}

/** One trailing newline is what `echo` and console producers add; it is not part of the line. */
export function dropTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}
