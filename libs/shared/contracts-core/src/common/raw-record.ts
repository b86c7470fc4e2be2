/**
 * The shape of a consumed record as the contracts need it. Declared here instead of
 * importing kafkajs so the contracts stay free of any client library.
 */
export type RawHeaderValue = Buffer | string | undefined | (Buffer | string)[];

export interface RawRecord {
  readonly key: Buffer | string | null | undefined;
  readonly value: Buffer | string | null | undefined;
  readonly headers?: Record<string, RawHeaderValue>;
}

/** The first value of a header as a string, or undefined. */
export function headerString(headers: RawRecord['headers'], name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

export function toBuffer(value: Buffer | string | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
