import type { IHeaders } from 'kafkajs';

/** `avro`: a Confluent-framed value read by its writer's schema from the registry (SCHEMA_REGISTRY_URL). */
export type Encoding = 'json' | 'text' | 'base64' | 'null' | 'avro';

export interface Decoded {
  readonly encoding: Encoding;
  readonly value: unknown;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A key or value as a user wants to read it: JSON when it is JSON (a JSON content-type,
 * or text that opens with { or [ and parses), else UTF-8 text, else base64 bytes.
 * Bare numbers stay text: "4" on `numbers` is the text the producer sent.
 */
export function decodePayload(bytes: Buffer | null | undefined, jsonHint = false): Decoded {
  if (bytes === null || bytes === undefined) return { encoding: 'null', value: null };
  const s = text(bytes);
  if (s === undefined) return { encoding: 'base64', value: bytes.toString('base64') };
  const trimmed = s.trim();
  if (jsonHint || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { encoding: 'json', value: JSON.parse(s) };
    } catch {
      // Not JSON after all: show the text.
    }
  }
  return { encoding: 'text', value: s };
}

/** Headers as text; a header that is not UTF-8 is given as "base64:<bytes>". */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const one = (v: Buffer | string): string => {
    if (typeof v === 'string') return v;
    const s = text(v);
    return s ?? `base64:${v.toString('base64')}`;
  };
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(one) : one(value);
  }
  return out;
}

export const TIMESTAMP_TYPES = ['CreateTime', 'LogAppendTime'] as const;
export type TimestampType = (typeof TIMESTAMP_TYPES)[number];

export function timestampType(code: number | undefined): TimestampType {
  return code === 1 ? 'LogAppendTime' : 'CreateTime';
}
