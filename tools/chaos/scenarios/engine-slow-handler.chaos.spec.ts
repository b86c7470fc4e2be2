import type { Producer } from 'kafkajs';
import { ExactlyOnceEngine, idempotentProducerConfig } from '@kstream/kafka';
import { provisionTestTopics, readRecords, testKafka, uniqueSuffix, waitFor } from '@kstream/kafka/testing';

const SESSION_TIMEOUT_MS = 6000; // the broker's group.min.session.timeout.ms
const DELAY_MS = 8000;
/** No join for this long before the records are sent: the member is settled. */
const STEADY_MS = 3000;

/**
 * kafkajs sends heartbeats only when the handler asks (kafkajs#1083). A record that takes longer
 * than the session timeout used to cost the member its place: the group rebalanced, the batch
 * came again, took as long, and the partition never moved (the slow-handler row of this suite).
 * The engine's own check of that fix: no join once the records are sent. It runs with the
 * fault-injection suite, not in `npm test`. It used to count every join from the start, and in the
 * full suite it saw 2 to 7 instead of 1 in about one run of three. In the last such run, 3 joins
 * came in a test of 17.3 s: the two records alone take 16 s, so no join interrupted the batch (its
 * redelivery would have cost 16 s more). Alone, 6 runs (3 of them with three CPU-bound processes
 * beside it) saw one join each. Where the extra joins come from is not established (see
 * docs/reliability.md, finding 3).
 */
describe(`ExactlyOnceEngine with a handler slower than the session timeout (${DELAY_MS} ms a record, session ${SESSION_TIMEOUT_MS} ms)`, () => {
  const kafka = testKafka('engine-slow-test');
  const suffix = uniqueSuffix();
  let producer: Producer | undefined;
  let engine: ExactlyOnceEngine | undefined;

  afterAll(async () => {
    await engine?.stop();
    await producer?.disconnect();
  });

  it('keeps its member through the batch and commits every record once', async () => {
    const topics = await provisionTestTopics(kafka, suffix);
    const joins: { at: number; message: string }[] = [];
    engine = new ExactlyOnceEngine({
      kafka,
      groupId: `engine-slow-${suffix}`,
      stages: [
        {
          inputTopic: topics.textLines,
          outputTopics: [topics.wordCounts],
          createTask: () => ({
            restore: () => undefined,
            process: (record) => ({ kind: 'output', meta: '', messages: [{ topic: topics.wordCounts, message: { value: record.value, partition: 0 } }] }),
          }),
        },
      ],
      dlqTopic: topics.textLinesDlq,
      service: 'engine-slow-test',
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      processingDelayMs: DELAY_MS,
      logger: { log: (m) => m.startsWith('joined') && joins.push({ at: Date.now(), message: m }), warn: () => undefined, error: () => undefined },
    });
    const startedAt = Date.now();
    await engine.start();
    // A group on topics created a moment ago may rejoin once or twice while their metadata settles;
    // what this checks starts once the member has kept its assignment for a while.
    await waitFor(() => joins.length > 0 && Date.now() - joins[joins.length - 1].at > STEADY_MS, { timeoutMs: 60_000, description: 'a steady member' });
    const sentAt = Date.now();

    producer = kafka.producer(idempotentProducerConfig());
    await producer.connect();
    await producer.send({ topic: topics.textLines, messages: [{ value: 'one', partition: 0 }, { value: 'two', partition: 0 }] });

    const outputs = await readRecords(kafka, topics.wordCounts, 2, { timeoutMs: 60_000 });
    expect(outputs.map((r) => r.value)).toEqual(['one', 'two']);
    console.log(`[engine-slow-handler] joins before the records (ms after start): ${joins.filter((j) => j.at < sentAt).map((j) => j.at - startedAt).join(', ')}`);
    expect(joins.filter((j) => j.at >= sentAt).map((j) => j.message)).toEqual([]);
  }, 120_000);
});
