import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';

/** A request body as ingest reads it: the media type decides how entries are found in it. */
export type IngestBody =
  | { readonly kind: 'json'; readonly value: unknown }
  /** `params`: the query string, which carries key/series/partition for a text body. */
  | { readonly kind: 'text'; readonly text: string; readonly params?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'ndjson'; readonly lines: readonly NdjsonLine[] };

export type NdjsonLine = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export const MEDIA_TYPES = {
  json: 'application/json',
  text: 'text/plain',
  ndjson: 'application/x-ndjson',
} as const;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** RFC 9110 `token`: what a parameter name, or an unquoted value, may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The parameters of a media type (`; charset=utf-8`), as RFC 9110 writes them: `name=token` or
 * `name="quoted"`, empty ones (`;;`) allowed. Anything else (a name with no value, an unterminated
 * quote) is refused with 415 rather than guessed at.
 */
function mediaParameters(parts: readonly string[]): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq).trim();
    if (eq < 0 || !TOKEN.test(name)) throw new UnsupportedMediaTypeException(`Content-Type parameter ${JSON.stringify(part)} is malformed: write name=value`);
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"')) throw new UnsupportedMediaTypeException(`Content-Type parameter ${name} has an unterminated quoted value`);
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    } else if (!TOKEN.test(value)) {
      throw new UnsupportedMediaTypeException(`Content-Type parameter ${name} has no valid value`);
    }
    parameters.set(name, value);
  }
  return parameters;
}

export function mediaKind(contentType: string | undefined): IngestBody['kind'] {
  const [type, ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = mediaParameters(params).get('charset');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`charset ${charset} is not supported; send UTF-8`);
  }
  if (type === MEDIA_TYPES.json || (type.startsWith('application/') && type.endsWith('+json'))) return 'json';
  if (type === MEDIA_TYPES.text) return 'text';
  if (type === MEDIA_TYPES.ndjson || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'ndjson';
  const given = type === '' ? 'no Content-Type' : `Content-Type ${type}`;
  throw new UnsupportedMediaTypeException(`${given} is not supported; use ${Object.values(MEDIA_TYPES).join(', ')}`);
}

export function parseBody(kind: IngestBody['kind'], bytes: Buffer): IngestBody {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new BadRequestException('the body is not valid UTF-8');
  }
  switch (kind) {
    case 'text':
      return { kind, text };
    case 'json':
      return { kind, value: parseJson(text) };
    case 'ndjson':
      return { kind, lines: parseNdjson(text) };
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new BadRequestException('malformed JSON: the body is empty');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`malformed JSON: ${(error as Error).message}`);
  }
}

/** Blank lines are skipped (a trailing newline is the norm); a bad line is refused alone. */
function parseNdjson(text: string): NdjsonLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return { ok: true, value: JSON.parse(line) as unknown };
      } catch (error) {
        return { ok: false, error: `malformed JSON: ${(error as Error).message}` };
      }
    });
}
