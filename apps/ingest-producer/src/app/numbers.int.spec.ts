import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, readRecords, testKafka } from '@kstream/kafka/testing';
import { recordAt, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

describe('POST /numbers on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-numbers-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  it('stores JSON and text/plain numbers keyed by their series', async () => {
    const json = await ingest.post('/numbers', { value: 4.5, series: 'sensor-1' });
    const text = await ingest.post('/numbers', ' -2e3\n', 'text/plain');
    const pinned = await ingest.post('/numbers', { value: 0, series: 'sensor-1', partition: 0 });
    const queried = await ingest.post('/numbers?series=sensor-1', '7', 'text/plain');
    expect(queried).toMatchObject({ status: 201, body: { partition: 1 } });
    expect([json.status, text.status, pinned.status]).toEqual([201, 201, 201]);
    // sensor-1 → 1 and default → 1 on 3 partitions, as computed by the Java client's murmur2.
    expect(json.body).toMatchObject({ topic: topics.numbers, partition: 1 });
    expect(text.body).toMatchObject({ partition: 1 });
    expect(pinned.body).toMatchObject({ partition: 0 });

    const records = await readRecords(kafka, topics.numbers, 4);
    const stored = recordAt(records, json.body.partition, json.body.offset);
    expect(stored?.key).toBe('sensor-1');
    expect(JSON.parse(stored?.value ?? '')).toEqual({ value: 4.5, series: 'sensor-1', id: json.body.id });
    expect(stored?.headers).toMatchObject({ 'content-type': 'application/json', id: json.body.id, 'produced-at': expect.any(String) });
    const raw = recordAt(records, text.body.partition, text.body.offset);
    expect(raw?.key).toBe('default');
    expect(JSON.parse(raw?.value ?? '')).toEqual({ value: -2000, series: 'default', id: text.body.id });
  });

  it('stores batches as JSON arrays, NDJSON and one decimal a line, refusing bad entries by index', async () => {
    const array = await ingest.post('/numbers/batch', [{ value: 1, series: 'a' }, { value: '2' }, { value: 3 }]);
    expect(array.status).toBe(207);
    expect(array.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'refused', 'stored']);
    expect(array.body.results[1]).toMatchObject({ statusCode: 400, field: 'value' });

    const ndjson = await ingest.post('/numbers/batch', '{"value":1.5}\n{"value":2.5,"series":"b"}\n', 'application/x-ndjson');
    expect(ndjson.status).toBe(201);
    expect(ndjson.body).toMatchObject({ stored: 2, refused: 0, failed: 0 });

    const plain = await ingest.post('/numbers/batch', '4\n 3.5\nabc\n', 'text/plain');
    expect(plain.status).toBe(207);
    expect(plain.body.results[2]).toMatchObject({ index: 2, status: 'refused', field: 'value' });

    const allBad = await ingest.post('/numbers/batch', [{ value: null }, { value: 'NaN' }]);
    expect(allBad.status).toBe(400);
    expect(allBad.body).toMatchObject({ stored: 0, refused: 2 });
  });

  it('works with the producer settings changed: acks=1, gzip, small batches, no linger', async () => {
    const ownTopics = await provisionTestTopics(kafka);
    const tuned = await startIngestApp({
      topics: ownTopics,
      env: { INGEST_ACKS: '1', INGEST_COMPRESSION: 'gzip', INGEST_BATCH_MAX_RECORDS: '7', INGEST_LINGER_MS: '0' },
    });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => tuned.post('/numbers', { value: i, series: `s${i % 5}` })));
      expect(answers.every((a) => a.status === 201)).toBe(true);
      const records = await readRecords(kafka, ownTopics.numbers, 40);
      for (const [i, answer] of answers.entries()) {
        expect(JSON.parse(recordAt(records, answer.body.partition, answer.body.offset)?.value ?? '{}')).toMatchObject({ value: i, series: `s${i % 5}` });
      }
    } finally {
      await tuned.app.close();
    }
  });
});
