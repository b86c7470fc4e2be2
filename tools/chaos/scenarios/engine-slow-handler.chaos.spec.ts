import type { Producer } from 'kafkajs';
import { ExactlyOnceEngine, idempotentProducerConfig, type StreamTask } from '@kstream/kafka';
import { provisionTestTopics, readRecords, testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';

const SESSION_TIMEOUT_MS = 6000; // the broker's group.min.session.timeout.ms
const DELAY_MS = 8000;

/**
 * kafkajs sends heartbeats only when the handler asks (kafkajs#1083). A record that takes longer
 * than the session timeout used to cost the member its place: the group rebalanced, the batch
 * came again, took as long, and the partition never moved (the slow-handler row of this suite).
 * The engine's own check of that fix. It runs with the fault-injection suite, not in `npm test`:
 * on a loaded machine it has seen 2 to 7 joins instead of 1 in about one run of three (fresh-clone
 * runs included), and why is not established; see docs/reliability.md.
 */
describe(`ExactlyOnceEngine with a handler slower than the session timeout (${DELAY_MS} ms a record, session ${SESSION_TIMEOUT_MS} ms)`, () => {
  const kafka = testKafka('engine-slow-test');
  const suffix = uniqueSuffix();
  let producer: Producer | undefined;
  let engine: ExactlyOnceEngine<string, StreamTask<string>> | undefined;

  afterAll(async () => {
    await engine?.stop();
    await producer?.disconnect();
  });

  it('keeps its member through the batch and commits every record once', async () => {
    const topics = await provisionTestTopics(kafka, suffix);
    const joins: string[] = [];
    engine = new ExactlyOnceEngine<string, StreamTask<string>>({
      kafka,
      groupId: `engine-slow-${suffix}`,
      inputTopic: topics.textLines,
      dlqTopic: topics.textLinesDlq,
      outputTopics: [topics.wordCounts],
      service: 'engine-slow-test',
      createTask: () => ({
        restore: () => undefined,
        process: (record) => ({ kind: 'output', meta: '', messages: [{ topic: topics.wordCounts, message: { value: record.value, partition: 0 } }] }),
      }),
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      processingDelayMs: DELAY_MS,
      logger: { log: (m) => m.startsWith('joined') && joins.push(m), warn: () => undefined, error: () => undefined },
    });
    await engine.start();
    await waitFor(() => joins.length > 0, { description: 'the first join' });

    producer = kafka.producer(idempotentProducerConfig());
    await producer.connect();
    await producer.send({ topic: topics.textLines, messages: [{ value: 'one', partition: 0 }, { value: 'two', partition: 0 }] });

    const outputs = await readRecords(kafka, topics.wordCounts, 2, { timeoutMs: 60_000 });
    expect(outputs.map((r) => r.value)).toEqual(['one', 'two']);
    expect(joins).toHaveLength(1);
  }, 120_000);
});
