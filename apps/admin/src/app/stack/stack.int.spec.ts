import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadKafkaEnv } from '@kstream/kafka';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';

function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A port nothing listens on: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = await listen(() => undefined);
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('admin /stack/health on a real broker', () => {
  let healthy: Server;
  let hanging: Server;
  let admin: RunningAdmin | undefined;

  beforeAll(async () => {
    healthy = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}'));
    // Answers nothing: the check must give up after its timeout.
    hanging = await listen(() => undefined);
  });

  afterAll(async () => {
    await admin?.app.close();
    healthy.closeAllConnections();
    hanging.closeAllConnections();
    await Promise.all([healthy, hanging].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('is 503 with what is down: an app that refuses and one that does not answer', async () => {
    admin = await startAdmin({
      INGEST_URL: urlOf(healthy),
      WORD_COUNT_URL: `http://127.0.0.1:${await closedPort()}`,
      ROLLING_MEAN_URL: urlOf(hanging),
      STACK_HEALTH_TIMEOUT_MS: '300',
    });
    const started = Date.now();
    const { status, body } = await admin.call('/stack/health');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.broker).toMatchObject({ ok: true, detail: { brokers: 1 } });
    expect(body.apps['ingest-producer']).toMatchObject({ ok: true, status: 200, detail: { status: 'up' } });
    expect(body.apps['word-count']).toMatchObject({ ok: false });
    expect(body.apps['word-count'].detail).toContain('ECONNREFUSED');
    expect(body.apps['rolling-mean']).toMatchObject({ ok: false });
    expect(body.apps['rolling-mean'].detail).toMatch(/timeout|aborted/i);
    await admin.app.close();
    admin = undefined;
  });

  it('is 200 when the broker and all three apps are up', async () => {
    admin = await startAdmin({ INGEST_URL: urlOf(healthy), WORD_COUNT_URL: urlOf(healthy), ROLLING_MEAN_URL: `${urlOf(healthy)}/` });
    const { status, body } = await admin.call('/stack/health');
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    await admin.app.close();
    admin = undefined;
  });
});

describe('admin with the broker unreachable', () => {
  it('answers 503 for Kafka-backed endpoints and a failing /stack/health', async () => {
    const kafkaEnv = loadKafkaEnv({ KAFKA_BROKERS: `127.0.0.1:${await closedPort()}`, KAFKA_CONNECTION_TIMEOUT_MS: '300', KAFKA_LOG_LEVEL: 'nothing' });
    const admin = await startAdmin({ ADMIN_REQUEST_TIMEOUT_MS: '700', STACK_HEALTH_TIMEOUT_MS: '300' }, kafkaEnv);
    try {
      for (const path of ['/cluster', '/topics', '/groups', '/topics/anything']) {
        const res = await admin.call(path);
        expect({ path, status: res.status }).toEqual({ path, status: 503 });
        expect(res.body.message).toMatch(/Kafka/);
      }
      const create = await admin.call('/topics', { method: 'POST', auth: true, body: { name: 'x', partitions: 1, replicationFactor: 1 } });
      expect(create.status).toBe(503);
      const stack = await admin.call('/stack/health');
      expect(stack.status).toBe(503);
      expect(stack.body.broker.ok).toBe(false);
    } finally {
      await admin.app.close();
    }
  });
});
