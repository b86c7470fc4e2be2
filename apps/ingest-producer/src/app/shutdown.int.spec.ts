import type { Kafka } from 'kafkajs';
import { provisionTestTopics, readRecords, testKafka, waitFor } from '@kstream/kafka/testing';
import { recordAt, startIngestApp } from '../testing/ingest-test-app';

describe('graceful shutdown', () => {
  let kafka: Kafka;

  beforeAll(() => {
    kafka = testKafka('ingest-shutdown-test');
  });

  it('flushes buffered records and answers every request in flight before closing', async () => {
    const topics = await provisionTestTopics(kafka);
    // A linger far longer than the test: only the shutdown flush can send these records.
    const ingest = await startIngestApp({ topics, env: { INGEST_LINGER_MS: '1000', INGEST_BATCH_MAX_RECORDS: '1000' } });
    expect((await ingest.post('/lines', { text: 'warm-up' })).status).toBe(201);

    const n = 20;
    const answers = Array.from({ length: n }, (_, i) => ingest.post('/lines', { text: `in flight ${i}` }));
    await waitFor(async () => /kstream_ingest_buffered_records\{[^}]*} 20\b/.test(await (await fetch(`${ingest.base}/metrics`)).text()), {
      intervalMs: 20,
      description: '20 records buffered',
    });
    const closing = Date.now();
    await ingest.app.close();
    expect(Date.now() - closing).toBeLessThan(1000);

    const results = await Promise.all(answers);
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    await expect(fetch(`${ingest.base}/health`)).rejects.toThrow();

    const records = await readRecords(kafka, topics.textLines, n + 1);
    for (const [i, answer] of results.entries()) {
      expect(JSON.parse(recordAt(records, answer.body.partition, answer.body.offset)?.value ?? '{}')).toMatchObject({ text: `in flight ${i}` });
    }
  });
});
