import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFrom, requestScope } from './request-context';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives every HTTP request an id (the caller's `x-request-id` when it is a sane token, so one id
 * follows a request through a proxy or from one app to the next; else a new UUID), echoes it in
 * the response's `x-request-id`, and handles the request in a context the logger reads, so each
 * line written while handling it carries `requestId`. The context ends when the response closes.
 */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, id);
  const scope = requestScope(id);
  res.once('close', scope.end);
  scope.run(next);
}

/**
 * The id without the logging context: assigned (or taken from a sane `x-request-id`) and echoed,
 * but handled outside an `AsyncLocalStorage` scope, so log lines do not carry it. For the stream
 * processors and ingest: on Node 20 the first `AsyncLocalStorage.run` turns on a hook for every
 * promise the process makes from then on, the exactly-once engine's and ingest's per-record awaits
 * included, and one /health poll is enough (docs/benchmarks.md, "Request ids and AsyncLocalStorage":
 * 9 to 33 % of the processors' throughput, 12 to 17 % of ingest's batch records per CPU-second).
 */
export function requestIdHeaderMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader(REQUEST_ID_HEADER, requestIdFrom(req.headers[REQUEST_ID_HEADER]));
  next();
}
