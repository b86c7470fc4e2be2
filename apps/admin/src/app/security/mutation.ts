import type { Request } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request changes something (and so needs the token and a rate-limit token). */
export function isMutation(req: Pick<Request, 'method'>): boolean {
  return !SAFE_METHODS.has(req.method.toUpperCase());
}

/** The key of per-client limits: the peer address (Express's `trust proxy` is off, so a header cannot forge it). */
export function clientAddress(req: Pick<Request, 'ip' | 'socket'>): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
