import * as net from 'node:net';
import { provisionTestTopics, testKafka, waitFor } from '@kstream/kafka/testing';
import { limitHttpServer } from '@kstream/observability';
import { startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

const LIMITS = { HTTP_HEADERS_TIMEOUT_MS: 600, HTTP_REQUEST_TIMEOUT_MS: 3_000, HTTP_KEEP_ALIVE_TIMEOUT_MS: 500, HTTP_MAX_CONNECTIONS: 12 };

/** A raw TCP client that says nothing (idle) or trickles a request's headers a byte at a time (slowloris). */
function rawClient(port: number, trickle?: string): { closedAt: Promise<number>; socket: net.Socket } {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  if (trickle) {
    let i = 0;
    timer = setInterval(() => (i < trickle.length ? socket.write(trickle[i++]) : undefined), 50);
  }
  const opened = Date.now();
  const closedAt = new Promise<number>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(Date.now() - opened);
    }),
  );
  return { closedAt, socket };
}

describe("ingest's HTTP server against slow and idle clients, on the real app and broker", () => {
  let ingest: IngestTestApp;
  let port: number;

  beforeAll(async () => {
    const kafka = testKafka('ingest-http-limits-test');
    const topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
    limitHttpServer(ingest.app, LIMITS);
    port = Number(new URL(ingest.base).port);
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  it('cuts off idle and slowloris connections within the headers timeout while a normal client is served', async () => {
    const idle = Array.from({ length: 5 }, () => rawClient(port));
    const slow = rawClient(port, 'POST /lines HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: ' + 'x'.repeat(400));
    const served = await ingest.post('/lines', { text: 'served beside the slow ones' });
    expect(served.status).toBe(201);
    const closed = await Promise.all([...idle, slow].map((c) => c.closedAt));
    // Cut at the 600 ms headers deadline (the slowloris was still sending), not at Node's 60 s default.
    for (const ms of closed) {
      expect(ms).toBeGreaterThanOrEqual(500);
      expect(ms).toBeLessThan(3_000);
    }
  });

  it('caps open connections, and serves again once the idle ones are cut off', async () => {
    const idle = Array.from({ length: LIMITS.HTTP_MAX_CONNECTIONS }, () => rawClient(port));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The server is full: a new connection is closed on arrival.
    const refused = rawClient(port);
    expect(await refused.closedAt).toBeLessThan(400);
    await Promise.all(idle.map((c) => c.closedAt));
    await waitFor(async () => (await ingest.post('/lines', { text: 'after the cap' })).status === 201, { timeoutMs: 5_000, description: 'served after the idle connections were cut' });
  });

  it('answers request headers over 16 KB with 431', async () => {
    const res = await fetch(`${ingest.base}/lines`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-big': 'y'.repeat(17 * 1024) }, body: '{"text":"x"}' });
    expect(res.status).toBe(431);
  });
});
