import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, readRecords, testKafka } from '@kstream/kafka/testing';
import { recordsWritten, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

/** A producer buffer of 5 records and one batch in flight: a 60-entry batch overflows it at once, deterministically. */
describe('ingest when its producer buffer is full, on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-backpressure-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics, env: { INGEST_MAX_BUFFERED_RECORDS: '5', INGEST_MAX_IN_FLIGHT_BATCHES: '1' } });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  it('answers the entries it cannot buffer with 429 and Retry-After, queues nothing beyond the bound, and stores the rest', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ text: `burst ${i}` }));
    const res = await fetch(`${ingest.base}/lines/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(lines) });
    const body = (await res.json()) as { stored: number; failed: number; results: { status: string; statusCode?: number; error?: string }[] };
    expect(res.status).toBe(207);
    expect(res.headers.get('retry-after')).toBeNull();
    const busy = body.results.filter((r) => r.statusCode === 429);
    // At most the buffer and the batch in flight got in; everything else was refused, not queued.
    expect(body.stored).toBeGreaterThan(0);
    expect(body.stored).toBeLessThanOrEqual(6);
    expect(busy).toHaveLength(60 - body.stored);
    expect(busy.every((r) => r.status === 'failed' && /buffer holds 5 records/.test(r.error ?? ''))).toBe(true);
    await readRecords(kafka, topics.textLines, body.stored);
    expect(await recordsWritten(kafka, topics.textLines)).toBe(body.stored);

    // Once the buffer drained, the next request is served.
    const after = await ingest.post('/lines', { text: 'after the burst' });
    expect(after.status).toBe(201);
  });

  it('answers a batch of which nothing fits with 429 and Retry-After: 1, and a single record the same way', async () => {
    // Many requests at once: the buffer takes 5 and one batch flies; of the rest, each gets 429.
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => fetch(`${ingest.base}/lines/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ text: `wave ${i}` }))) })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 207 || s === 429)).toBe(true);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer.headers.get('retry-after')).toBe('1');

    const singles = await Promise.all(Array.from({ length: 200 }, (_, i) => fetch(`${ingest.base}/lines`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `single ${i}` }) })));
    const statusesOfSingles = new Set(singles.map((s) => s.status));
    for (const status of statusesOfSingles) expect([201, 429]).toContain(status);
    for (const answer of singles.filter((s) => s.status === 429)) {
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(((await answer.json()) as { error: string }).error).toBe('Too Many Requests');
    }
  });
});
