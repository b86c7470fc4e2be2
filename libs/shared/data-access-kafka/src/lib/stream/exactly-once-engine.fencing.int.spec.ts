import type { Producer } from 'kafkajs';
import { idempotentProducerConfig } from '../client/kafka-config';
import { withRetries } from '../errors';
import { provisionTestTopics, readRecords, testKafka, uniqueSuffix } from '../../testing';
import { restorePartitions } from './changelog-restore';
import { ExactlyOnceEngine } from './exactly-once-engine';
import type { InputRecord, StreamTask, TaskOutcome } from './stream-task';

/** Upper-cases each value; the first attempt on the first record calls `onFirst` and throws, so the engine waits before it retries. */
class StallingTask implements StreamTask<string> {
  private stalled = false;

  constructor(private readonly output: string, private readonly onFirst: () => void) {}

  restore(): void {
    /* stateless */
  }

  process(record: InputRecord): TaskOutcome<string> {
    if (!this.stalled) {
      this.stalled = true;
      this.onFirst();
      throw new Error('stalled on purpose');
    }
    return { kind: 'output', meta: '', messages: [{ topic: this.output, message: { value: record.value?.toString().toUpperCase() ?? null, partition: 0 } }] };
  }
}

/**
 * A previous owner still alive inside a transaction (a zombie: a process paused past its session,
 * or one whose commit the broker was still completing) must be fenced before the next owner reads
 * the committed offsets and restores. kafkajs's connect() asks for a plain idempotent producer id;
 * only the first transaction() sends InitProducerId with the transactional id, which bumps the
 * epoch. Fenced that late, the zombie can still commit after the new owner read the offsets, and
 * both publish a result for the same input.
 */
describe('ExactlyOnceEngine taking a partition whose previous owner is still in a transaction', () => {
  const kafka = testKafka('engine-fencing-test');
  const suffix = uniqueSuffix();
  const groupId = `engine-fencing-${suffix}`;
  let zombie: Producer | undefined;
  let producer: Producer | undefined;
  let engine: ExactlyOnceEngine | undefined;

  afterAll(async () => {
    await engine?.stop();
    await producer?.disconnect();
    await zombie?.disconnect().catch(() => undefined);
  });

  it('fences it before reading offsets: the zombie cannot commit, and every input has one result', async () => {
    const topics = await provisionTestTopics(kafka, suffix);
    producer = kafka.producer(idempotentProducerConfig());
    await producer.connect();
    await producer.send({ topic: topics.textLines, messages: [{ value: 'first', partition: 0 }, { value: 'second', partition: 0 }] });

    // The zombie processed input offset 0 under the engine's transactional id for partition 0 and has not committed yet.
    zombie = kafka.producer(idempotentProducerConfig({ transactionalId: `${groupId}-${topics.textLines}-0` }));
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: topics.wordCounts, messages: [{ value: 'FIRST (zombie)', partition: 0 }] });
    // A fresh broker may still be creating __consumer_offsets: its group coordinator answers NOT_COORDINATOR for a moment.
    await withRetries(() => open.sendOffsets({ consumerGroupId: groupId, topics: [{ topic: topics.textLines, partitions: [{ partition: 0, offset: '1' }] }] }), { attempts: 8 });

    // The zombie tries to commit while the new owner holds its first batch (after it read offsets and restored).
    let zombieCommit: Promise<string> | undefined;
    engine = new ExactlyOnceEngine({
      kafka,
      groupId,
      stages: [
        {
          inputTopic: topics.textLines,
          outputTopics: [topics.wordCounts],
          createTask: () => new StallingTask(topics.wordCounts, () => (zombieCommit = open.commit().then(() => 'committed', () => 'fenced'))),
        },
      ],
      dlqTopic: topics.textLinesDlq,
      service: 'engine-fencing-test',
      retryBackoffMs: 3000,
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await engine.start();

    const outputs = await readRecords(kafka, topics.wordCounts, 2, { timeoutMs: 60_000 });
    expect(await zombieCommit).toBe('fenced');
    await new Promise((resolve) => setTimeout(resolve, 2000)); // anything late would show now
    const all: string[] = [];
    await restorePartitions(kafka, topics.wordCounts, [0, 1, 2], (_, m) => all.push(m.value?.toString() ?? ''), { groupPrefix: 'check' });
    expect(all).toEqual(['FIRST', 'SECOND']);
    expect(outputs).toHaveLength(2);
  }, 120_000);
});
