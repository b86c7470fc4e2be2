import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { provisionTestTopics, testKafka } from '@kstream/kafka/testing';
import { recordsWritten, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

const MiB = 1024 * 1024;

describe('bad input is refused with a 4xx naming the field, and nothing is written', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    kafka = testKafka('ingest-bad-input-test');
    topics = await provisionTestTopics(kafka);
    ingest = await startIngestApp({ topics });
  });

  afterAll(async () => {
    await ingest.app.close();
  });

  afterAll(async () => {
    // Every refusal happens before the producer, so the topics stay empty.
    expect(await recordsWritten(kafka, topics.textLines)).toBe(0);
    expect(await recordsWritten(kafka, topics.numbers)).toBe(0);
  });

  it.each([
    ['/lines', {}, 'text'],
    ['/lines', { text: '' }, 'text'],
    ['/lines', { text: 42 }, 'text'],
    ['/lines', { text: 'hi', colour: 'red' }, 'colour'],
    ['/lines', { text: 'hi', partition: -1 }, 'partition'],
    ['/lines', { text: 'hi', partition: 1.5 }, 'partition'],
    ['/lines', { text: 'hi', partition: 3 }, 'partition'],
    ['/lines', { text: 'hi', key: 7 }, 'key'],
    ['/numbers', { value: 'abc' }, 'value'],
    ['/numbers', { value: null }, 'value'],
    ['/numbers', { value: '4' }, 'value'],
    ['/numbers', { series: 'x' }, 'value'],
    ['/numbers', { value: 1, series: '' }, 'series'],
    ['/numbers', { value: 1, extra: true }, 'extra'],
  ])('POST %s %j → 400 on %s', async (path, body, field) => {
    const res = await ingest.post(path, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, field });
    expect(res.body.message).toContain(field);
  });

  it('refuses 1e309 (Infinity once parsed) as a value', async () => {
    const res = await ingest.post('/numbers', '{"value": 1e309}');
    expect(res).toMatchObject({ status: 400, body: { field: 'value' } });
  });

  it.each(['abc', 'NaN', 'Infinity', '1e309', '', '0x10'])('POST /numbers text/plain %j → 400 on value', async (text) => {
    const res = await ingest.post('/numbers', text, 'text/plain');
    expect(res).toMatchObject({ status: 400, body: { field: 'value' } });
  });

  it.each([
    ['/lines?colour=red', 'colour'],
    ['/lines?partition=x', 'partition'],
    ['/lines?key=a&key=b', 'key'],
    ['/numbers?series=', 'series'],
  ])('text/plain with query %s → 400 on %s', async (path, field) => {
    expect(await ingest.post(path, path.startsWith('/lines') ? 'hello' : '4', 'text/plain')).toMatchObject({ status: 400, body: { field } });
  });

  it('refuses an empty text/plain line', async () => {
    expect(await ingest.post('/lines', '\n', 'text/plain')).toMatchObject({ status: 400, body: { field: 'text' } });
  });

  it.each(['{"text": "unterminated', '{text: 1}', '', '[1,'])('malformed JSON %j → 400', async (body) => {
    const res = await ingest.post('/lines', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/malformed JSON/);
  });

  it('a JSON value that is not an object → 400', async () => {
    expect((await ingest.post('/lines', '"just a string"')).status).toBe(400);
    expect((await ingest.post('/numbers', [1, 2])).status).toBe(400);
    expect((await ingest.post('/lines/batch', { text: 'not an array' })).status).toBe(400);
    expect((await ingest.post('/lines/batch', [])).status).toBe(400);
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded', 'text/plain; charset=iso-8859-1'])('Content-Type %s → 415', async (type) => {
    const res = await ingest.post('/lines', 'text=hello', type);
    expect(res.status).toBe(415);
  });

  it('NDJSON on a single-record endpoint → 415', async () => {
    expect((await ingest.post('/lines', '{"text":"a"}\n', 'application/x-ndjson')).status).toBe(415);
  });

  it('a record over 1 MiB → 413 naming the field; a body over 16 MiB → 413', async () => {
    const big = await ingest.post('/lines', { text: 'x'.repeat(MiB) });
    expect(big).toMatchObject({ status: 413, body: { field: 'text' } });
    const bigPlain = await ingest.post('/lines', 'y'.repeat(MiB + 1), 'text/plain');
    expect(bigPlain.status).toBe(413);
    const huge = await ingest.post('/lines/batch', 'z'.repeat(16 * MiB + 1), 'text/plain');
    expect(huge.status).toBe(413);
    expect(huge.body.message).toContain('INGEST_MAX_REQUEST_BYTES');
  });

  it('an oversized entry of a batch is refused alone, with 413', async () => {
    const res = await ingest.post('/lines/batch', [{ text: 'x'.repeat(MiB + 10) }, { text: '' }]);
    expect(res.status).toBe(400);
    expect(res.body.results[0]).toMatchObject({ status: 'refused', statusCode: 413, field: 'text' });
  });

  it("a record within our limit but over the broker's message.max.bytes → 413, the other records unharmed", async () => {
    const ownTopics = await provisionTestTopics(kafka);
    const generous = await startIngestApp({ topics: ownTopics, env: { INGEST_MAX_RECORD_BYTES: String(4 * MiB) } });
    try {
      const res = await generous.post('/lines/batch', [{ text: 'x'.repeat(2 * MiB) }, { text: 'fine' }]);
      expect(res.body.results[1]).toMatchObject({ status: 'stored' });
      expect(res.status).toBe(207);
      expect(res.body.results[0]).toMatchObject({ status: 'refused', statusCode: 413, error: expect.stringContaining('broker refused') });
      const single = await generous.post('/lines', { text: 'y'.repeat(2 * MiB) });
      expect(single).toMatchObject({ status: 413 });
      expect((await fetch(`${generous.base}/health`)).status).toBe(200);
      expect(await recordsWritten(kafka, ownTopics.textLines)).toBe(1);
    } finally {
      await generous.app.close();
    }
  });
});
