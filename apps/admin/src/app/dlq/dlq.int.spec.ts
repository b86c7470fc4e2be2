import type { Kafka, Producer } from 'kafkajs';
import { DLQ_HEADER_NAMES, dlqHeaders, suffixedTopicNames } from '@kstream/contracts-core';
import { readAll, readRecords, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';

describe('admin DLQ listing and redrive on a real broker', () => {
  const s = uniqueSuffix();
  const names = suffixedTopicNames(s);
  const source = names.textLines;
  const dlq = names.textLinesDlq;
  const internal = names.wordCountRepartition;
  let admin: RunningAdmin;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    admin = await startAdmin({}, testKafkaEnv(), names);
    kafka = testKafka('admin-dlq-test');
    producer = kafka.producer();
    await producer.connect();
    for (const name of [source, dlq, internal]) {
      expect((await admin.call('/topics', { method: 'POST', auth: true, body: { name, partitions: 3, replicationFactor: 1 } })).status).toBe(201);
    }
    // What a consumer of the stack writes for a record it could not decode (origin partition 2, offset 7).
    await producer.send({
      topic: dlq,
      messages: [
        {
          partition: 1,
          key: 'line-7',
          value: '{"text": "broken',
          headers: { 'content-type': 'application/json', id: 'abc', ...dlqHeaders({ topic: source, partition: 2, offset: '7' }, 'invalid-json', 'Unexpected end of JSON input', 'word-count') },
        },
        { partition: 0, key: 'orphan', value: 'no origin', headers: { 'dlq-reason': 'processing-failed' } },
        // What word-count's second stage writes for a record of its internal topic it could not decode.
        {
          partition: 2,
          key: 'kafka',
          value: '{"word": "kafka", "count": 0}',
          headers: dlqHeaders({ topic: internal, partition: 1, offset: '3' }, 'contract-violation', 'count must not be less than 1', 'word-count'),
        },
      ],
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.app.close();
  });

  it('lists dead letters with their reason and origin', async () => {
    const { status, body } = await admin.call(`/dlq/${dlq}`);
    expect(status).toBe(200);
    expect(body.deadLetters).toHaveLength(3);
    const letter = body.deadLetters.find((d: { key: string }) => d.key === 'line-7');
    expect(letter).toMatchObject({
      partition: 1,
      offset: 0,
      reason: 'invalid-json',
      error: 'Unexpected end of JSON input',
      service: 'word-count',
      failedAt: expect.any(String),
      origin: { topic: source, partition: 2, offset: '7' },
      value: '{"text": "broken',
    });
    const orphan = body.deadLetters.find((d: { key: string }) => d.key === 'orphan');
    expect(orphan).toMatchObject({ reason: 'processing-failed', origin: null });
    const fromInternal = body.deadLetters.find((d: { key: string }) => d.key === 'kafka');
    expect(fromInternal).toMatchObject({ reason: 'contract-violation', service: 'word-count', origin: { topic: internal, partition: 1, offset: '3' } });

    expect((await admin.call(`/dlq/missing-${s}.dlq`)).status).toBe(404);
    expect((await admin.call(`/dlq/${dlq}?limit=0`)).status).toBe(400);
  });

  it('refuses a redrive without a token or without a choice', async () => {
    expect((await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', body: { all: true } })).status).toBe(401);
    expect((await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: {} })).status).toBe(400);
    expect((await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: { offsets: [{ partition: 0 }] } })).status).toBe(400);
    expect((await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: { all: true, offsets: [{ partition: 1, offset: 0 }] } })).status).toBe(400);
    // Only the stack's DLQs have an input to go back to.
    const notDlq = await admin.call(`/dlq/${source}/redrive`, { method: 'POST', auth: true, body: { all: true } });
    expect(notDlq.status).toBe(400);
    expect(notDlq.text).toContain(`is not one of the stack's DLQs (${dlq}, ${names.numbersDlq})`);
  });

  it('redrives a chosen dead letter to its source topic without the dlq-* headers, where a consumer reads it', async () => {
    const res = await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: { offsets: [{ partition: 1, offset: 0 }, { partition: 2, offset: 5 }] } });
    expect(res.status).toBe(200);
    expect(res.body.sent).toEqual([{ from: { partition: 1, offset: 0 }, to: { topic: source, partition: 2, offset: '0' } }]);
    expect(res.body.skipped).toEqual([{ partition: 2, offset: 5, reason: 'no such record in the DLQ' }]);

    const [record] = await readRecords(kafka, source, 1);
    expect(record).toMatchObject({ partition: 2, key: 'line-7', value: '{"text": "broken', headers: { 'content-type': 'application/json', id: 'abc' } });
    for (const name of DLQ_HEADER_NAMES) expect(record.headers).not.toHaveProperty(name);
  });

  it('refuses a dead letter of the internal topic, says so, and writes it nowhere', async () => {
    const res = await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: { offsets: [{ partition: 2, offset: 0 }] } });
    expect(res.status).toBe(200);
    expect(res.body.sent).toEqual([]);
    expect(res.body.skipped).toEqual([
      { partition: 2, offset: 0, reason: `refused: dlq-source-topic "${internal}" is an internal topic, whose records only the first stage writes; ${dlq} is redriven to ${source} only` },
    ]);
    expect(await readAll(kafka, internal)).toEqual([]);
  });

  it('redrives all, skipping what has no origin or another origin, and says so', async () => {
    const res = await admin.call(`/dlq/${dlq}/redrive`, { method: 'POST', auth: true, body: { all: true } });
    expect(res.status).toBe(200);
    expect(res.body.sent).toEqual([{ from: { partition: 1, offset: 0 }, to: { topic: source, partition: 2, offset: '1' } }]);
    expect(res.body.skipped).toEqual([
      { partition: 0, offset: 0, reason: 'no dlq-source-topic header' },
      { partition: 2, offset: 0, reason: expect.stringContaining(`"${internal}" is an internal topic`) },
    ]);
    expect(res.body.remaining).toBe(0);
    expect(await readAll(kafka, internal)).toEqual([]);
    expect((await readAll(kafka, source)).map((r) => r.key)).toEqual(['line-7', 'line-7']);
  });
});
