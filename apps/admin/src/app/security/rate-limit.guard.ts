import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { clientAddress, isMutation } from './mutation';
import { TokenBuckets } from './token-bucket';

/**
 * Rate limit on mutations per client address (RATE_LIMIT_BURST, RATE_LIMIT_PER_MINUTE).
 * It runs before the token check, so it also slows down token guessing.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(@Inject(ADMIN_ENV) env: AdminEnv) {
    this.buckets = new TokenBuckets(env.RATE_LIMIT_BURST, env.RATE_LIMIT_PER_MINUTE);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (!isMutation(req)) return true;
    const waitMs = this.buckets.take(clientAddress(req));
    if (waitMs === 0) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
    throw new HttpException(`too many changes: retry in ${Math.ceil(waitMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
