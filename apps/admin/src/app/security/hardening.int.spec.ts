/**
 * The admin API as a client on the network sees it: mutations refused without or with a
 * wrong token, failed tokens throttled, bodies capped, mutations rate-limited, security
 * headers on every answer, no CORS unless asked for, and no stack trace in any error body.
 */
import * as http from 'node:http';
import { startAdmin, TEST_TOKEN, type RunningAdmin } from '../../testing/admin-app';

const STACK_LINE = /\n\s+at\s|\.ts:\d+|node_modules/;

describe('the hardened admin API', () => {
  const running: RunningAdmin[] = [];
  const start = async (overrides: Record<string, string>) => {
    const admin = await startAdmin(overrides);
    running.push(admin);
    return admin;
  };

  afterAll(async () => {
    for (const admin of running) await admin.app.close();
  });

  it('refuses a mutation without a token (401) and with a wrong one (403), then throttles that address (429) but not the right token', async () => {
    const admin = await start({ AUTH_FAILURE_BURST: '3', AUTH_FAILURES_PER_MINUTE: '1' });
    const topic = { name: `created-by-the-operator-${Date.now()}`, partitions: 1, replicationFactor: 1 };

    const none = await admin.call('/topics', { method: 'POST', body: topic });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await admin.call('/topics', { method: 'POST', body: topic, auth: 'Bearer not-the-admin-token-at-all' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toBe('wrong admin token');
    expect((await admin.call(`/topics/${topic.name}`, { method: 'DELETE', auth: 'Basic YWRtaW46YWRtaW4=' })).status).toBe(401);

    const locked = await admin.call('/topics', { method: 'POST', body: topic, auth: 'Bearer still-not-the-admin-token' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.message).toMatch(/too many failed token checks/);
    // Reads stay open: the lock is on mutations only.
    expect((await admin.call('/topics')).status).toBe(200);
    expect((await admin.call(`/topics/${topic.name}`)).status).toBe(404);
    for (const answer of [none, wrong, locked]) expect(answer.text).not.toMatch(STACK_LINE);
    // The operator behind the same address still gets through with the right token.
    const created = await admin.call('/topics', { method: 'POST', body: topic, auth: true });
    expect(created.status).toBe(201);
    expect((await admin.call(`/topics/${topic.name}`, { method: 'DELETE', auth: true })).status).toBeLessThan(300);
  });

  it('caps the body size (413) and answers malformed JSON with 400, neither with a stack trace', async () => {
    const admin = await start({ BODY_LIMIT_BYTES: '1024' });
    const big = await admin.call('/topics', { method: 'POST', body: { name: 'x'.repeat(2000), partitions: 1, replicationFactor: 1 }, auth: true });
    expect(big.status).toBe(413);
    expect(big.body.message).toMatch(/larger than the limit/);
    const malformed = await admin.call('/topics', { method: 'POST', body: '{"name": ', auth: true });
    expect(malformed.status).toBe(400);
    const unknown = await admin.call('/no/such/route');
    expect(unknown.status).toBe(404);
    for (const answer of [big, malformed, unknown]) {
      expect(answer.text).not.toMatch(STACK_LINE);
      expect(answer.body).not.toHaveProperty('stack');
    }
  });

  it('rate-limits mutations per address (429 with Retry-After) before looking at them', async () => {
    const admin = await start({ RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1' });
    const invalid = { name: '', partitions: 0 };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await admin.call('/topics', { method: 'POST', body: invalid, auth: true })).status);
    expect(statuses).toEqual([400, 400, 429]);
    const limited = await admin.call('/topics', { method: 'POST', body: invalid, auth: true });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('sends security headers and no CORS headers unless CORS_ORIGINS allows the origin', async () => {
    const closed = await start({});
    const health = await fetch(`${closed.base}/health`);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(health.headers.get('x-powered-by')).toBeNull();
    expect(health.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');

    const preflight = (base: string, origin: string) =>
      fetch(`${base}/topics`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect((await preflight(closed.base, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const open = await start({ CORS_ORIGINS: 'https://ops.example' });
    expect((await preflight(open.base, 'https://ops.example')).headers.get('access-control-allow-origin')).toBe('https://ops.example');
    expect((await preflight(open.base, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still lets the right token through', async () => {
    const admin = await start({});
    const name = `hardening-${Date.now()}`;
    expect((await admin.call('/topics', { method: 'POST', body: { name, partitions: 1, replicationFactor: 1 }, auth: true })).status).toBe(201);
    expect((await admin.call(`/topics/${name}`, { method: 'DELETE', auth: `Bearer ${TEST_TOKEN}` })).status).toBeLessThan(300);
  });

  it('without ADMIN_TOKEN answers only requests addressed to localhost, so a DNS-rebound page cannot drive it', async () => {
    const admin = await start({ ADMIN_TOKEN: '' });
    const { port } = new URL(admin.base);
    const ask = (host: string, method = 'GET', path = '/topics') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host, 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(method === 'POST' ? JSON.stringify({ name: `rebound-${Date.now()}`, partitions: 1, replicationFactor: 1 }) : undefined);
      });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) expect((await ask(host)).status).toBe(200);
    const rebound = await ask(`attacker.example:${port}`);
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).message).toMatch(/set ADMIN_TOKEN/);
    expect((await ask(`attacker.example:${port}`, 'POST')).status).toBe(403);
    expect((await ask('127.0.0.1.attacker.example')).status).toBe(403);
  });
});
