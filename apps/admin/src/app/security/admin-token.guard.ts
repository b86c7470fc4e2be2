import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { isMutation } from './mutation';

/** Compares in constant time; hashing first makes both sides the same length. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Every mutating request needs `Authorization: Bearer <ADMIN_TOKEN>`: 401 without one,
 * 403 with a wrong one. Reads stay open. Without ADMIN_TOKEN the service listens on
 * loopback only (main.ts) and lets mutations through.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_ENV) private readonly env: AdminEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const expected = this.env.ADMIN_TOKEN;
    if (!expected || !isMutation(req)) return true;
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="kstream-admin"');
      throw new UnauthorizedException('this request changes the cluster: send Authorization: Bearer <ADMIN_TOKEN>');
    }
    if (!tokensEqual(match[1], expected)) throw new ForbiddenException('wrong admin token');
    return true;
  }
}
