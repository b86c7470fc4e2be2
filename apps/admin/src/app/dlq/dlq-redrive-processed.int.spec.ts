import type { Kafka, Producer } from 'kafkajs';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import { dlqHeaders, HEADERS, JSON_CONTENT_TYPE, type TopicNames } from '@kstream/contracts-core';
import { buildApp, ChildApp, provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';

/**
 * The whole DLQ loop on a real broker: a dead letter (a line word-count gave up on, e.g. after a
 * transient failure) is redriven by admin and then counted by the real word-count process, which
 * runs from its build as in production (an app never imports another app).
 */
describe('a redriven dead letter is processed by its consumer', () => {
  const suffix = uniqueSuffix();
  let topics: TopicNames;
  let kafka: Kafka;
  let producer: Producer;
  let admin: RunningAdmin;
  let wordCount: ChildApp;

  beforeAll(async () => {
    kafka = testKafka('admin-redrive-loop');
    topics = await provisionTestTopics(kafka, suffix);
    admin = await startAdmin({}, testKafkaEnv(), topics);
    wordCount = new ChildApp(buildApp('word-count'), { KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '', TOPIC_SUFFIX: suffix, WORD_COUNT_GROUP_ID: `word-count-${suffix}` }, 'word-count');
    const base = await wordCount.start();
    await waitFor(async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200, {
      timeoutMs: 90_000,
      description: `word-count healthy (log: ${wordCount.logFile})`,
    });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await wordCount?.kill('SIGTERM');
    await admin?.app.close();
  });

  it('sends the letter back to text-lines without its dlq-* headers, and word-count counts it once', async () => {
    const text = 'a line that failed once and deserves another try';
    await producer.send({
      topic: topics.textLinesDlq,
      messages: [
        {
          key: 'retry-me',
          value: JSON.stringify({ text, id: 'redrive-1' }),
          headers: {
            [HEADERS.contentType]: JSON_CONTENT_TYPE,
            ...dlqHeaders({ topic: topics.textLines, partition: 0, offset: '41' }, 'processing-failed', 'broker timed out', 'word-count'),
          },
        },
      ],
    });

    const res = await admin.call(`/dlq/${topics.textLinesDlq}/redrive`, { method: 'POST', auth: true, body: { all: true } });
    expect(res.status).toBe(200);
    expect(res.body.sent).toHaveLength(1);
    const to = res.body.sent[0].to as { topic: string; partition: number; offset: string };
    expect(to.topic).toBe(topics.textLines);

    const counted = await waitFor(
      async () => {
        const records = (await readAll(kafka, topics.wordCounts)).map((r) => JSON.parse(r.value ?? '{}') as WordCountRecord);
        const mine = records.filter((r) => r.id === 'redrive-1');
        return mine.length > 0 ? mine : undefined;
      },
      { timeoutMs: 60_000, description: 'the word count of the redriven line' },
    );
    expect(counted).toHaveLength(1);
    expect(counted[0]).toMatchObject({ text, words: 9, alert: true, source: { topic: to.topic, partition: to.partition, offset: to.offset } });
    expect(await readAll(kafka, topics.textLinesDlq)).toHaveLength(1);
  });
});
