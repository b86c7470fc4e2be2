import type { HttpKind } from './corpus';

export interface Answer {
  readonly kind: HttpKind;
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the checks walk the JSON answers freely
  readonly body: any;
}

/** Ids ingest acknowledged (2xx), per topic: each must come out of the stream processor exactly once. */
export interface Acknowledged {
  readonly textLines: string[];
  readonly numbers: string[];
}

/**
 * Sends one request as a client would: the body's bytes untouched, and with `contentType: null`
 * no Content-Type at all (a Buffer body keeps fetch from adding `text/plain`).
 */
export async function post(base: string, kind: HttpKind): Promise<Answer> {
  const headers: Record<string, string> = kind.contentType === null ? {} : { 'content-type': kind.contentType };
  const bytes = typeof kind.body === 'string' ? Buffer.from(kind.body, 'utf8') : kind.body;
  // A stream body goes out chunked, with no Content-Length: the server only learns the size by reading.
  const payload = kind.chunked ? chunksOf(bytes) : bytes;
  const res = await fetch(`${base}${kind.path}${kind.query ?? ''}`, { method: 'POST', headers, body: payload, ...(kind.chunked && { duplex: 'half' }) } as RequestInit);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text, and the check on the status tells the rest
  }
  return { kind, status: res.status, body };
}

/** The ids of the records an answer says were stored. */
export function storedIds(answer: Answer): string[] {
  if (answer.status !== 201 && answer.status !== 207) return [];
  if (!answer.kind.path.endsWith('/batch')) return [answer.body.id];
  return (answer.body.results as { status: string; id?: string }[]).flatMap((r) => (r.status === 'stored' && r.id ? [r.id] : []));
}

/** The bytes as a stream of 64 kB chunks. */
function chunksOf(bytes: Buffer): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 65_536));
      at += 65_536;
    },
  });
}
