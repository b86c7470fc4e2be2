import { bindAddress } from '../admin.env';
import { tokensEqual } from './admin-token.guard';
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
