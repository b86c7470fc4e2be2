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

export function mediaKind(contentType: string | undefined): IngestBody['kind'] {
  const [type, ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
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
