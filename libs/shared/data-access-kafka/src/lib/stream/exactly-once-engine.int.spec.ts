import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DLQ_HEADERS, type TopicNames } from '@kstream/contracts-core';
import { createTestTopic, provisionTestTopics, readRecords, testKafka, uniqueSuffix, waitFor } from '../../testing';
import { restorePartitions } from './changelog-restore';
import { engineHealth } from './engine-health';
import { ExactlyOnceEngine } from './exactly-once-engine';
import type { InputRecord, OutputMessage, StreamTask, TaskOutcome } from './stream-task';

/** Echoes each value upper-cased; throws for "boom" always and for "flaky" on the first attempt. */
class EchoTask implements StreamTask<string> {
  private flakyFailed = false;
  /** The value the changelog gets at the next flush. */
  private last: string | undefined;
  restored = 0;

  constructor(private readonly topics: TopicNames, private readonly partition: number) {}

  restore(message: KafkaMessage): void {
    if (message.value) this.restored++;
  }

  process(record: InputRecord): TaskOutcome<string> {
    const text = record.value?.toString() ?? '';
    if (text === 'boom') throw new Error('boom');
    if (text === 'flaky' && !this.flakyFailed) {
      this.flakyFailed = true;
      throw new Error('flaky once');
    }
    if (text === 'bad') return { kind: 'dead-letter', reason: 'contract-violation', error: 'bad is bad' };
    this.last = text;
    return { kind: 'output', meta: text, messages: [{ topic: this.topics.wordCounts, message: { key: record.key, value: text.toUpperCase() } }] };
  }

  /** The changelog: only the latest value per transaction, under one key. */
  flush(): OutputMessage[] {
    const flushed: OutputMessage[] = this.last === undefined ? [] : [{ topic: this.topics.wordTotals, message: { key: 'last', value: this.last, partition: this.partition } }];
    this.last = undefined;
    return flushed;
  }
}

describe('ExactlyOnceEngine on a real broker', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let producer: Producer;
  let engine: ExactlyOnceEngine;
  const groupId = `engine-${uniqueSuffix()}`;
  const committed: string[] = [];

  beforeAll(async () => {
    kafka = testKafka('engine-test');
    topics = await provisionTestTopics(kafka);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    engine = new ExactlyOnceEngine({
      kafka,
      groupId,
      stages: [
        {
          inputTopic: topics.textLines,
          changelogTopic: topics.wordTotals,
          outputTopics: [topics.wordCounts],
          createTask: (p) => new EchoTask(topics, p),
          onCommitted: (batch) => batch.results.forEach((r) => committed.push(r.outcome.kind === 'output' ? r.outcome.meta : `dlq:${r.outcome.reason}`)),
        },
      ],
      dlqTopic: topics.textLinesDlq,
      service: 'engine-test',
      retryBackoffMs: 10,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await engine.start();
  });

  afterAll(async () => {
    await engine?.stop();
    await producer?.disconnect();
  });

  it('writes outputs, dead-letters what a task rejects or keeps throwing on, retries what throws once, and moves on', async () => {
    await producer.send({
      topic: topics.textLines,
      messages: ['a', 'boom', 'flaky', 'bad', 'z'].map((value) => ({ key: 'one-partition', value, headers: { origin: 'test' } })),
    });
    const outputs = await readRecords(kafka, topics.wordCounts, 3);
    expect(outputs.map((r) => r.value)).toEqual(['A', 'FLAKY', 'Z']);
    const dlq = await readRecords(kafka, topics.textLinesDlq, 2);
    expect(dlq.map((r) => [r.value, r.headers[DLQ_HEADERS.reason], r.headers['origin'], r.headers[DLQ_HEADERS.service]])).toEqual([
      ['boom', 'processing-failed', 'test', 'engine-test'],
      ['bad', 'contract-violation', 'test', 'engine-test'],
    ]);
    expect(dlq[0].headers[DLQ_HEADERS.error]).toBe('boom');
    expect(dlq[0].headers[DLQ_HEADERS.sourceOffset]).toBe('1');
    // Only the last changelog value of the batch(es) per key is written.
    const totals = await readRecords(kafka, topics.wordTotals, 1);
    expect(totals.at(-1)?.value).toBe('z');
    await waitFor(() => committed.length >= 5, { description: 'five committed results' });
    expect(committed).toEqual(['a', 'dlq:processing-failed', 'flaky', 'dlq:contract-violation', 'z']);
    expect(engineHealth(engine.status(), 60_000).ok).toBe(true);
  });

  it('reports unhealthy when out of its group, crashed or idle', async () => {
    const status = engine.status();
    expect(engineHealth({ ...status, inGroup: false }, 60_000).ok).toBe(false);
    expect(engineHealth({ ...status, crashed: 'KafkaJSError' }, 60_000).ok).toBe(false);
    expect(engineHealth({ ...status, lastActivityAt: Date.now() - 120_000 }, 60_000).ok).toBe(false);
  });

  it('aborts a failed transaction, commits nothing, and redelivers the batch until it goes through exactly once', async () => {
    const suffix = uniqueSuffix();
    const late = `late-topic-${suffix}`; // does not exist yet: sends to it fail
    const input = `late-input-${suffix}`;
    const admin = kafka.admin();
    await admin.connect();
    const warnings: string[] = [];
    const seen: string[] = [];
    await createTestTopic(admin, input, 1);
    const lateEngine = new ExactlyOnceEngine({
      kafka,
      groupId: `engine-late-${suffix}`,
      stages: [
        {
          inputTopic: input,
          outputTopics: [topics.wordCounts],
          createTask: () => ({
            restore: () => undefined,
            process: (record) => {
              seen.push(record.offset);
              return { kind: 'output', meta: '', messages: [{ topic: late, message: { value: record.value } }] };
            },
          }),
        },
      ],
      dlqTopic: topics.textLinesDlq,
      service: 'engine-test',
      retryBackoffMs: 10,
      logger: { log: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    });
    try {
      await lateEngine.start();
      await producer.send({ topic: input, messages: [{ value: 'one' }, { value: 'two' }] });
      await waitFor(() => warnings.some((w) => w.includes('transaction failed')), { timeoutMs: 60_000, description: 'a failed transaction' });
      const [before] = await admin.fetchOffsets({ groupId: `engine-late-${suffix}`, topics: [input] });
      expect(before.partitions[0].offset).toBe('-1'); // nothing committed
      await admin.createTopics({ topics: [{ topic: late, numPartitions: 1 }], waitForLeaders: true });
      const out = await readRecords(kafka, late, 2, { timeoutMs: 60_000 });
      expect(out.map((r) => r.value)).toEqual(['one', 'two']);
      await waitFor(async () => {
        const [after] = await admin.fetchOffsets({ groupId: `engine-late-${suffix}`, topics: [input] });
        return after.partitions[0].offset === '2';
      }, { description: 'offset 2 committed' });
      expect(seen.filter((o) => o === '0').length).toBeGreaterThan(1); // the batch was processed again after the failure
      // Read to the end, read_committed: the aborted attempts left nothing visible.
      const all: string[] = [];
      await restorePartitions(kafka, late, [0], (_, m) => all.push(m.value?.toString() ?? ''), { groupPrefix: 'check' });
      expect(all).toEqual(['one', 'two']);
    } finally {
      await lateEngine.stop();
      await admin.disconnect();
    }
  });
});
