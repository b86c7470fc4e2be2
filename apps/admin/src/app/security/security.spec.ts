import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpException, type ExecutionContext } from '@nestjs/common';
import { bindAddress, loadAdminEnv } from '../admin.env';
import { AdminTokenGuard, tokensEqual } from './admin-token.guard';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows a burst, then asks to wait, and refills over time', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 60, () => now);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1000);
    expect(buckets.take('b')).toBe(0);
    now = 1000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });
});

describe('TokenBuckets.waitMs', () => {
  it('tells how long until a token is free without taking one', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, 60, () => now);
    expect(buckets.waitMs('a')).toBe(0);
    buckets.take('a');
    expect(buckets.waitMs('a')).toBe(1000);
    expect(buckets.waitMs('a')).toBe(1000);
    now = 1000;
    expect(buckets.waitMs('a')).toBe(0);
  });
});

describe('AdminTokenGuard', () => {
  const TOKEN = 'the-right-token-0123456789';
  const context = (authorization?: string, ip = '10.0.0.1') => {
    const headers: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (headers[name] = value) };
    const req = { method: 'POST', path: '/topics', ip, headers: authorization ? { authorization } : {} };
    return { headers, ctx: { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext };
  };
  const status = (fn: () => unknown) => {
    try {
      fn();
      return 200;
    } catch (error) {
      return (error as HttpException).getStatus();
    }
  };

  it('answers 401 without a token, 403 with a wrong one, then 429 for that address without the right one, and lets the right one through', () => {
    const guard = new AdminTokenGuard(loadAdminEnv({ ADMIN_TOKEN: TOKEN, AUTH_FAILURE_BURST: '2', AUTH_FAILURES_PER_MINUTE: '1' }));
    expect(status(() => guard.canActivate(context().ctx))).toBe(401);
    expect(status(() => guard.canActivate(context('Bearer wrong-token-wrong-token').ctx))).toBe(403);
    const locked = context('Bearer another-wrong-token-123');
    expect(status(() => guard.canActivate(locked.ctx))).toBe(429);
    expect(Number(locked.headers['Retry-After'])).toBeGreaterThan(0);
    expect(status(() => guard.canActivate(context().ctx))).toBe(429);
    // Behind a proxy everyone shares the address: the guesser must not lock the operator out.
    expect(status(() => guard.canActivate(context(`Bearer ${TOKEN}`).ctx))).toBe(200);
    expect(status(() => guard.canActivate(context(`Bearer ${TOKEN}`, '10.0.0.2').ctx))).toBe(200);
  });
});

describe('loadAdminEnv', () => {
  it('reads ADMIN_TOKEN from the file ADMIN_TOKEN_FILE names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'admin-env-')), 'token');
    writeFileSync(file, 'token-from-a-file-0123456789\n');
    expect(loadAdminEnv({ ADMIN_TOKEN_FILE: file }).ADMIN_TOKEN).toBe('token-from-a-file-0123456789');
  });

  it('keeps CORS closed unless origins are named, and refuses origins with a path', () => {
    expect(loadAdminEnv({}).CORS_ORIGINS).toEqual([]);
    expect(loadAdminEnv({ CORS_ORIGINS: 'https://ops.example.com, http://127.0.0.1:8080' }).CORS_ORIGINS).toEqual(['https://ops.example.com', 'http://127.0.0.1:8080']);
    expect(() => loadAdminEnv({ CORS_ORIGINS: 'https://ops.example.com/x' })).toThrow(/scheme:\/\/host/);
  });
});

describe('tokensEqual', () => {
  it('compares whole tokens of any length', () => {
    expect(tokensEqual('secret-token-123456', 'secret-token-123456')).toBe(true);
    expect(tokensEqual('secret-token-12345', 'secret-token-123456')).toBe(false);
    expect(tokensEqual('', 'secret-token-123456')).toBe(false);
  });
});

describe('bindAddress', () => {
  it('keeps HOST when a token is configured', () => {
    expect(bindAddress({ HOST: '0.0.0.0', ADMIN_TOKEN: 'x'.repeat(16) })).toEqual({ host: '0.0.0.0' });
  });

  it('binds loopback only and says so without a token', () => {
    const { host, notice } = bindAddress({ HOST: '0.0.0.0' });
    expect(host).toBe('127.0.0.1');
    expect(notice).toContain('ADMIN_TOKEN is not set');
    expect(notice).toContain('HOST=0.0.0.0');
  });
});
