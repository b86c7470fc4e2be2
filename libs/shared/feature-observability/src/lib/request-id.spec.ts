import { Body, Controller, Get, Logger, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ObservabilityModule } from './observability.module';
import { currentRequestId, outsideRequest, requestIdFrom, requestScope } from './request-context';
import { ServiceLogger } from './service-logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a sane incoming id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('abc-123_x.Y')).toBe('abc-123_x.Y');
    expect(requestIdFrom('a'.repeat(128))).toBe('a'.repeat(128));
    for (const bad of [undefined, '', 'a'.repeat(129), 'has space', 'line\nbreak', '{"json":1}', ['a', 'b']]) {
      expect(requestIdFrom(bad)).toMatch(UUID);
    }
  });
});

describe('requestScope', () => {
  it('gives the id to what runs inside, until the scope ends', async () => {
    const scope = requestScope('r-1');
    const later = scope.run(() => new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentRequestId()), 5)));
    expect(scope.run(currentRequestId)).toBe('r-1');
    expect(await later).toBe('r-1');
    expect(currentRequestId()).toBeUndefined();
    // A timer the request started but that fires after its response is no longer the request's.
    const leftover = scope.run(() => new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentRequestId()), 5)));
    scope.end();
    expect(await leftover).toBeUndefined();
  });

  it('leaves shared work a request starts outside it', async () => {
    const scope = requestScope('r-2');
    const shared = scope.run(() => outsideRequest(() => new Promise<string | undefined>((resolve) => setTimeout(() => resolve(currentRequestId()), 5))));
    expect(await shared).toBeUndefined();
  });
});

describe('request ids over HTTP', () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new ServiceLogger('demo', { format: 'json', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  let app: INestApplication;
  let base: string;

  @Controller('demo')
  class DemoController {
    private readonly log = new Logger('Demo');

    @Get()
    async read(): Promise<{ ok: true }> {
      this.log.log('before await');
      await new Promise((resolve) => setTimeout(resolve, 1));
      this.log.log('after await');
      return { ok: true };
    }

    @Post()
    write(@Body() body: { text: string }): { text: string } {
      this.log.log(`got ${body.text}`);
      return body;
    }
  }

  @Module({ imports: [ObservabilityModule.forRoot({ service: 'demo', defaultMetrics: false })], controllers: [DemoController] })
  class DemoModule {}

  beforeAll(async () => {
    app = await NestFactory.create(DemoModule, { logger, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());
  beforeEach(() => void lines.splice(0));

  it('echoes a sane incoming id and writes it on every line of the request', async () => {
    const res = await fetch(`${base}/demo`, { headers: { 'x-request-id': 'from-proxy.42' } });
    expect(res.headers.get('x-request-id')).toBe('from-proxy.42');
    expect(lines.filter((l) => l['context'] === 'Demo')).toEqual([
      expect.objectContaining({ msg: 'before await', requestId: 'from-proxy.42' }),
      expect.objectContaining({ msg: 'after await', requestId: 'from-proxy.42' }),
    ]);
  });

  it('replaces a bad incoming id with a new UUID, and keeps it through the body parser', async () => {
    const res = await fetch(`${base}/demo`, {
      method: 'POST',
      headers: { 'x-request-id': 'not sane <script>', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'got hello', requestId: id }));
  });

  it('gives each request its own id and leaves lines outside a request without one', async () => {
    const [a, b] = await Promise.all([fetch(`${base}/demo`), fetch(`${base}/demo`)]);
    const ids = [a.headers.get('x-request-id'), b.headers.get('x-request-id')];
    expect(ids[0]).not.toBe(ids[1]);
    expect(new Set(lines.map((l) => l['requestId']))).toEqual(new Set(ids));
    logger.log('outside', 'Demo');
    expect(lines[lines.length - 1]).not.toHaveProperty('requestId');
  });

  it('tags the readable line with the start of the id', () => {
    const pretty: string[] = [];
    const readable = new ServiceLogger('demo', { now: () => new Date('2026-01-02T03:04:05.678Z'), write: (line) => pretty.push(line) });
    requestScope('0123456789abcdef').run(() => readable.log('inside', 'Demo'));
    readable.log('outside', 'Demo');
    expect(pretty).toEqual(['03:04:05.678 LOG     [Demo] #01234567 inside', '03:04:05.678 LOG     [Demo] outside']);
  });
});

describe('request ids without the logging context (requestLogContext: false, the stream processors)', () => {
  const seen: Array<string | undefined> = [];
  let app: INestApplication;
  let base: string;

  @Controller('demo')
  class DemoController {
    @Get()
    read(): { ok: true } {
      seen.push(currentRequestId());
      return { ok: true };
    }
  }

  @Module({ imports: [ObservabilityModule.forRoot({ service: 'demo', defaultMetrics: false, requestLogContext: false })], controllers: [DemoController] })
  class DemoModule {}

  beforeAll(async () => {
    app = await NestFactory.create(DemoModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it('still assigns and echoes the id, but handles the request outside any scope', async () => {
    const echoed = await fetch(`${base}/demo`, { headers: { 'x-request-id': 'from-proxy.42' } });
    expect(echoed.headers.get('x-request-id')).toBe('from-proxy.42');
    expect((await fetch(`${base}/demo`)).headers.get('x-request-id')).toMatch(UUID);
    expect(seen).toEqual([undefined, undefined]);
  });
});
