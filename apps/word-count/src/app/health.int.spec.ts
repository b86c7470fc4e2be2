import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { testKafkaEnv } from '@kstream/kafka/testing';
import { AppModule } from './app.module';

describe('word-count /health and /metrics on a real broker', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv() })] }).compile();
    app = moduleRef.createNestApplication();
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with its Kafka check up', async () => {
    const res = await fetch(`${base}/health`);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ service: 'word-count', status: 'up', checks: { 'kafka-cluster': { ok: true } } });
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('kstream_process_cpu_seconds_total{service="word-count"}');
  });
});
