/**
 * Baselines: a raw kafkajs eachBatch consumer that drains `records` from the earliest offset and
 * either does nothing (`noop`) or runs the service's own stream task on every record
 * (`word-count` / `rolling-mean`: decode, validate, count or average, build the output records,
 * and per batch the changelog records of the state it changed), without writing them anywhere.
 * Same consumer settings as the engine (consumerConfig).
 */
import { DEFAULT_ROLLING_WINDOW } from '@kstream/contract-rolling-means';
import { DEFAULT_WORD_ALERT_THRESHOLD } from '@kstream/contract-word-counts';
import { suffixedTopicNames } from '@kstream/contracts-core';
import { consumerConfig, homePartition, type AnyStage, type InputRecord, type OutputMessage, type StreamTask } from '@kstream/kafka';
import { rollingMeanTopology } from '@kstream/rolling-mean-feature-topology';
import { wordCountTopology } from '@kstream/word-count-feature-topology';
import { benchKafka, fail, job, report } from './kit';

export type Work = 'noop' | 'word-count' | 'rolling-mean';

interface Job {
  brokers: string;
  topic: string;
  groupId: string;
  records: number;
  /** The first records warm up (JIT, group join, first fetches): the clock starts after them. */
  skip: number;
  work: Work;
}

/** Starts the clock once `skip` records went by; reports the rest. */
export class Window {
  private startSeen = -1;
  private startMs = 0;
  private cpu: NodeJS.CpuUsage = process.cpuUsage();
  seen = 0;

  constructor(private readonly skip: number) {}

  /** Counts `n` more records; true once every expected record was seen. */
  add(n: number, total: number): boolean {
    if (this.startSeen < 0 && this.seen >= this.skip) {
      this.startSeen = this.seen;
      this.startMs = performance.now();
      this.cpu = process.cpuUsage();
    }
    this.seen += n;
    return this.seen >= total;
  }

  result(): { records: number; ms: number; cpuSec: number } {
    const d = process.cpuUsage(this.cpu);
    return { records: this.seen - this.startSeen, ms: performance.now() - this.startMs, cpuSec: (d.user + d.system) / 1e6 };
  }
}

/**
 * The work of each scenario, one task per input partition like the engine: `run` per record, and
 * `flush` where the engine would end a transaction (its changelog records are built, then dropped).
 */
/**
 * The processor's logic without Kafka around it: the first stage's task on the record, then the
 * second stage's task, for the partition the key's murmur2 picks, on each record the first stage
 * re-keyed. What the service does minus every write, transaction and the internal topic's round trip.
 */
export function taskRunner(work: Work): { run(record: InputRecord): void; flush(partition: number): void } {
  if (work === 'noop') return { run: () => undefined, flush: () => undefined };
  const names = suffixedTopicNames('bench');
  const { stages } = work === 'word-count' ? wordCountTopology(names, DEFAULT_WORD_ALERT_THRESHOLD) : rollingMeanTopology(names, DEFAULT_ROLLING_WINDOW);
  const [first, second] = stages as readonly AnyStage[];
  const firstTasks = new Map<number, StreamTask<unknown>>();
  const secondTasks = new Map<number, StreamTask<unknown>>();
  const taskOf = (tasks: Map<number, StreamTask<unknown>>, stage: AnyStage, p: number) => {
    let task = tasks.get(p);
    if (!task) tasks.set(p, (task = stage.createTask(p)));
    return task;
  };
  const forward = (messages: readonly OutputMessage[], timestamp: string) => {
    for (const { topic, message } of messages) {
      if (topic !== second.inputTopic) continue;
      const key = Buffer.from(String(message.key));
      const p = homePartition(key, 3);
      const value = Buffer.from(String(message.value));
      const outcome = taskOf(secondTasks, second, p).process({ topic, partition: p, offset: '0', key, value, headers: {}, timestamp });
      if (outcome.kind !== 'output') throw new Error(`a re-keyed record was dead-lettered: ${outcome.error}`);
    }
  };
  return {
    run: (record) => {
      const outcome = taskOf(firstTasks, first, record.partition).process(record);
      if (outcome.kind !== 'output') throw new Error(`record ${record.partition}@${record.offset} was dead-lettered`);
      forward(outcome.messages, record.timestamp);
    },
    flush: (partition) => {
      forward(firstTasks.get(partition)?.flush?.() ?? [], String(Date.now()));
      for (const task of secondTasks.values()) task.flush?.();
    },
  };
}

async function main(): Promise<void> {
  const { brokers, topic, groupId, records, skip, work } = job<Job>();
  const { run, flush } = taskRunner(work);
  const consumer = benchKafka(brokers, 'bench-consumer').consumer(consumerConfig(groupId));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const window = new Window(skip);
  let finish: (r: ReturnType<Window['result']>) => void = () => undefined;
  const done = new Promise<ReturnType<Window['result']>>((resolve) => (finish = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        run({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, headers: m.headers ?? {}, timestamp: m.timestamp });
      }
      flush(batch.partition);
      if (window.add(batch.messages.length, records)) finish(window.result());
    },
  });
  const result = await done;
  await consumer.disconnect();
  report(result);
}

if (require.main === module) main().catch(fail);
