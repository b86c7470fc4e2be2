import type { Kafka } from 'kafkajs';
import { provisionTestTopics, testKafka, waitFor } from '@kstream/kafka/testing';
import { startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

describe('ingest-producer /health, /metrics and /docs on a real broker', () => {
  let kafka: Kafka;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-health-test');
    ingest = await startIngestApp({ topics: await provisionTestTopics(kafka) });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  it('answers 200 with its producer and cluster checks up, once the producer has its id', async () => {
    // The app starts without waiting for Kafka; like an orchestrator, poll until it reports up.
    const res = await waitFor(async () => {
      const answer = await fetch(`${ingest.base}/health`);
      return answer.status === 200 ? answer : undefined;
    }, { timeoutMs: 30_000, description: 'ingest-producer healthy' });
    const body = await res.json();
    expect(body).toMatchObject({ service: 'ingest-producer', status: 'up', checks: { 'kafka-producer': { ok: true }, 'kafka-cluster': { ok: true } } });
  });

  it('counts records, bytes, errors and request latency', async () => {
    expect((await ingest.post('/lines', { text: 'counted' })).status).toBe(201);
    expect((await ingest.post('/numbers', { value: 'nope' })).status).toBe(400);
    const res = await fetch(`${ingest.base}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('kstream_process_cpu_seconds_total{service="ingest-producer"}');
    expect(text).toMatch(/kstream_ingest_records_total\{topic="text-lines-\w+",outcome="stored",service="ingest-producer"} 1/);
    expect(text).toMatch(/kstream_ingest_records_total\{topic="numbers-\w+",outcome="refused",service="ingest-producer"} 1/);
    expect(text).toMatch(/kstream_ingest_bytes_total\{topic="text-lines-\w+",service="ingest-producer"} \d+/);
    expect(text).toContain('kstream_ingest_errors_total{kind="invalid-input",service="ingest-producer"} 1');
    expect(text).toMatch(/kstream_ingest_request_duration_seconds_count\{[^}]*method="POST",route="\/lines",status="201"} 1/);
    expect(text).toContain('kstream_ingest_batch_records_count');
  });

  it('serves the OpenAPI document at /docs', async () => {
    expect((await fetch(`${ingest.base}/docs`)).status).toBe(200);
    const doc = (await (await fetch(`${ingest.base}/docs-json`)).json()) as { paths: object; components: { schemas: Record<string, { required?: string[] }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/lines', '/numbers', '/lines/batch', '/numbers/batch']));
    expect(doc.components.schemas.LineDto.required).toEqual(['text']);
  });
});
