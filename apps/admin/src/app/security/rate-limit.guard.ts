import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { clientAddress, isMutation } from './mutation';
import { TokenBuckets } from './token-bucket';

/**
 * Rate limits per client address: mutations (RATE_LIMIT_BURST, RATE_LIMIT_PER_MINUTE), and reads
 * in a bucket of their own (READ_RATE_LIMIT_*), since a read can cost the cluster work too (a
 * message browse runs a consumer). It runs before the token check, so it also slows down token guessing.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly mutations: TokenBuckets;
  private readonly reads: TokenBuckets;

  constructor(@Inject(ADMIN_ENV) env: AdminEnv) {
    this.mutations = new TokenBuckets(env.RATE_LIMIT_BURST, env.RATE_LIMIT_PER_MINUTE);
    this.reads = new TokenBuckets(env.READ_RATE_LIMIT_BURST, env.READ_RATE_LIMIT_PER_MINUTE);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const mutation = isMutation(req);
    const waitMs = (mutation ? this.mutations : this.reads).take(clientAddress(req));
    if (waitMs === 0) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
    throw new HttpException(`too many ${mutation ? 'changes' : 'reads'}: retry in ${Math.ceil(waitMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
