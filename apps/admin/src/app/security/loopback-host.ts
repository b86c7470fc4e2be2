import type { NextFunction, Request, Response } from 'express';

/** Host names that mean this machine; a browser sends one of them only to a page it opened on this machine. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host name of a Host header, without the port (`[::1]:3000` → `[::1]`); undefined when it is missing. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name.toLowerCase();
}

/**
 * Without ADMIN_TOKEN, admin listens on 127.0.0.1 and takes mutations from anyone who reaches it.
 * Binding loopback keeps other machines out, but not a web page in the user's own browser: a page
 * on a name the attacker controls can rebind that name to 127.0.0.1 (DNS rebinding) and then call
 * admin as a same-origin page. Its requests carry the attacker's name in the Host header, so in
 * this mode a request addressed to any other name than localhost is refused.
 */
export function loopbackHostOnly(req: Request, res: Response, next: NextFunction): void {
  const name = hostName(req.headers.host);
  if (name && LOOPBACK_NAMES.has(name)) return next();
  res.status(403).json({
    statusCode: 403,
    error: 'Forbidden',
    message: `admin runs without ADMIN_TOKEN and answers only requests addressed to localhost or 127.0.0.1, not ${JSON.stringify(req.headers.host ?? '')}: set ADMIN_TOKEN to serve it under another name`,
  });
}
