import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { clientAddress, isMutation } from './mutation';
import { TokenBuckets } from './token-bucket';

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
 *
 * Failed checks are throttled per client address (AUTH_FAILURE_BURST, AUTH_FAILURES_PER_MINUTE):
 * once an address has used up its failures, every mutation from it without the right token gets
 * 429. The right token still passes: behind a proxy all clients share one address, and a guesser
 * there must not lock the operator out. That lets a guess made during the lock succeed, which is
 * why the token must be long (16 characters at least; 32 random bytes recommended): the throttle
 * bounds the noise and the work of guessing, the token's length makes guessing hopeless.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly logger = new Logger('admin-auth');
  private readonly failures: TokenBuckets;

  constructor(@Inject(ADMIN_ENV) private readonly env: AdminEnv) {
    this.failures = new TokenBuckets(env.AUTH_FAILURE_BURST, env.AUTH_FAILURES_PER_MINUTE);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const expected = this.env.ADMIN_TOKEN;
    if (!expected || !isMutation(req)) return true;
    const client = clientAddress(req);
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match && tokensEqual(match[1], expected)) return true;
    const locked = this.failures.waitMs(client);
    if (locked > 0) {
      res.setHeader('Retry-After', String(Math.ceil(locked / 1000)));
      throw new HttpException(`too many failed token checks from this address: retry in ${Math.ceil(locked / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
    }
    if (!match) {
      this.failed(client, req, 'no bearer token');
      res.setHeader('WWW-Authenticate', 'Bearer realm="kstream-admin"');
      throw new UnauthorizedException('this request changes the cluster: send Authorization: Bearer <ADMIN_TOKEN>');
    }
    this.failed(client, req, 'wrong token');
    throw new ForbiddenException('wrong admin token');
  }

  /** Counts the failure and leaves a trace for whoever watches the logs (never the token sent). */
  private failed(client: string, req: Request, reason: string): void {
    this.failures.take(client);
    this.logger.warn(`${reason}: ${req.method} ${req.path} from ${client}`);
  }
}
