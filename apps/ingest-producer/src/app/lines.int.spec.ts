import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, readRecords, testKafka } from '@kstream/kafka/testing';
import { recordAt, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

describe('POST /lines on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-lines-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  it('stores JSON and text/plain lines, each found at the reported partition and offset with its headers', async () => {
    const json = await ingest.post('/lines', { text: 'the quick brown fox', key: 'user-42' });
    const text = await ingest.post('/lines', 'jumps over the lazy dog\n', 'text/plain');
    const pinned = await ingest.post('/lines', { text: 'pinned', partition: 2, id: 'my-id' });
    expect(json.status).toBe(201);
    expect(text.status).toBe(201);
    expect(pinned.status).toBe(201);
    expect(Object.keys(json.body).sort()).toEqual(['id', 'offset', 'partition', 'topic']);
    expect(json.body).toMatchObject({ topic: topics.textLines, partition: 1 });
    expect(pinned.body).toMatchObject({ partition: 2, id: 'my-id' });

    const records = await readRecords(kafka, topics.textLines, 3);
    for (const [answer, expected, key] of [
      [json.body, 'the quick brown fox', 'user-42'],
      [text.body, 'jumps over the lazy dog', null],
      [pinned.body, 'pinned', null],
    ] as const) {
      const record = recordAt(records, answer.partition, answer.offset);
      expect(record).toBeDefined();
      expect(JSON.parse(record?.value ?? '')).toEqual({ text: expected, id: answer.id });
      expect(record?.key).toBe(key);
      expect(record?.headers).toMatchObject({ 'content-type': 'application/json', id: answer.id });
      expect(Number.isNaN(Date.parse(record?.headers['produced-at'] ?? ''))).toBe(false);
    }
  });

  it('gives each of many concurrent requests its own offset, the one its record really has', async () => {
    const n = 300;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => ingest.post('/lines', { text: `concurrent ${i}` })));
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const slots = new Set(answers.map((a) => `${a.body.partition}@${a.body.offset}`));
    expect(slots.size).toBe(n);
    expect(new Set(answers.map((a) => a.body.partition)).size).toBe(3);

    const records = await readRecords(kafka, topics.textLines, n + 3);
    for (const [i, answer] of answers.entries()) {
      const record = recordAt(records, answer.body.partition, answer.body.offset);
      expect(JSON.parse(record?.value ?? '{}')).toEqual({ text: `concurrent ${i}`, id: answer.body.id });
    }
  });

  it('stores a JSON array batch and reports each entry, refusing the bad ones in place', async () => {
    const res = await ingest.post('/lines/batch', [{ text: 'one', key: 'k' }, { text: '' }, { text: 'three', partition: 0 }, { txt: 'typo' }]);
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ topic: topics.textLines, stored: 2, refused: 2, failed: 0 });
    expect(res.body.results).toEqual([
      expect.objectContaining({ index: 0, status: 'stored', partition: expect.any(Number), offset: expect.any(String) }),
      expect.objectContaining({ index: 1, status: 'refused', statusCode: 400, field: 'text' }),
      expect.objectContaining({ index: 2, status: 'stored', partition: 0 }),
      expect.objectContaining({ index: 3, status: 'refused', statusCode: 400, field: 'txt' }),
    ]);
  });

  it('takes key and partition from the query string for a text/plain body', async () => {
    const keyed = await ingest.post('/lines?key=user-42', 'keyed by query', 'text/plain');
    expect(keyed).toMatchObject({ status: 201, body: { partition: 1 } });
    const pinned = await ingest.post('/lines/batch?partition=2', 'one\ntwo\n', 'text/plain');
    expect(pinned.body.results.map((r: { partition: number }) => r.partition)).toEqual([2, 2]);
  });

  it('accepts NDJSON and text/plain batches', async () => {
    const ndjson = await ingest.post('/lines/batch', '{"text":"a"}\n{"text":"b","key":"k"}\n\n', 'application/x-ndjson');
    expect(ndjson.status).toBe(201);
    expect(ndjson.body).toMatchObject({ stored: 2, refused: 0 });
    const plain = await ingest.post('/lines/batch', 'first line\nsecond line\n', 'text/plain');
    expect(plain.status).toBe(201);
    expect(plain.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored']);
    const broken = await ingest.post('/lines/batch', '{"text":"ok"}\n{nope\n', 'application/x-ndjson');
    expect(broken.status).toBe(207);
    expect(broken.body.results[1]).toMatchObject({ status: 'refused', statusCode: 400, error: expect.stringContaining('malformed JSON') });
  });
});
