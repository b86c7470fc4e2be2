import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { DlqReason } from '@kstream/contracts-core';

/** One consumed record as a task sees it: the raw bytes plus where it came from. */
export interface InputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
  /** Broker or producer timestamp, in ms since the epoch, as kafkajs gives it. */
  readonly timestamp: string;
}

/** A record to write in the batch's transaction. Set `message.partition` to pin it (changelogs do). */
export interface OutputMessage {
  readonly topic: string;
  readonly message: Message;
  /**
   * The value as the object it was before the task turned it into `message.value`'s JSON, when it has
   * it: an output serializer (Avro) encodes this instead of parsing the JSON back. Never sent.
   */
  readonly body?: unknown;
}

/**
 * What a task made of one input: output records (results and changelog entries, all
 * written in the same transaction as the consumed offset), or a dead letter.
 */
export type TaskOutcome<M> =
  | { readonly kind: 'output'; readonly messages: readonly OutputMessage[]; readonly meta: M }
  | { readonly kind: 'dead-letter'; readonly reason: DlqReason; readonly error: string };

/**
 * The state and logic of one input partition, like a Kafka Streams task. The engine
 * creates one per assigned partition, feeds it its changelog partition before the first
 * batch (`restore`), then each input record in offset order (`process`).
 *
 * `process` must compute everything before it mutates state: when it throws, the engine
 * calls it again (bounded) and finally dead-letters the record. When a transaction
 * fails, the engine throws the task away and restores a fresh one from the changelog,
 * so in-memory state never runs ahead of what was committed.
 */
export interface StreamTask<M> {
  /** Feeds one changelog record; only stages with a changelog topic need it. */
  restore?(message: KafkaMessage): void;
  /**
   * Throwing `DeadLetterError` dead-letters the record at once; any other error is retried
   * (bounded), then dead-lettered as `processing-failed`.
   */
  process(record: InputRecord): TaskOutcome<M>;
  /**
   * The changelog (or other compacted) records for the state that `process` changed since the last
   * call: one per key with its latest value, written at the end of every transaction, after the
   * records' own outputs. Compaction would keep only the last record per key anyway, so one per
   * transaction is all a restore needs; Kafka Streams' record cache does the same on commit. It
   * must not throw. After a failed transaction the engine restores a fresh task, so what a
   * failed flush returned is rebuilt from the changelog, never lost.
   */
  flush?(): readonly OutputMessage[];
}

/** A batch whose outputs and offsets were committed: what logs and metrics should report. */
export interface CommittedBatch<M> {
  readonly topic: string;
  readonly partition: number;
  readonly results: readonly { readonly record: InputRecord; readonly outcome: TaskOutcome<M> }[];
  readonly durationMs: number;
  /** Records left behind the end of the partition after this batch, as the fetch saw it. */
  readonly lag: number;
}

/**
 * One input topic of a topology and what its tasks do with it: a Kafka Streams sub-topology. The
 * engine creates a task per assigned partition of `inputTopic`; each partition has its own
 * transactional producer, so its outputs, dead letters, changelog records and consumed offset
 * commit together.
 */
export interface StreamStage<M, T extends StreamTask<M> = StreamTask<M>> {
  readonly inputTopic: string;
  /**
   * Compacted changelog restored into each task on assignment, partition for partition: task p of
   * the stage owns partition p of it, so both topics must have the same partition count (checked
   * at start, like Kafka Streams' co-partitioning check).
   */
  readonly changelogTopic?: string;
  /**
   * The input is partitioned by the Java client's murmur2 of the record key (a repartition topic),
   * and so must every changelog record be: a restored record whose key belongs to another partition
   * was written by an earlier version that kept state per original input partition, and the engine
   * stops with a message saying how to rebuild rather than serve state it cannot vouch for.
   */
  readonly keyed?: boolean;
  /**
   * Every topic the stage's tasks write, besides the changelog and the DLQ (the engine adds those).
   * After each fence the engine ends whatever an earlier transaction of the transactional id left
   * open in them (see `settle`), so it must know them all.
   */
  readonly outputTopics: readonly string[];
  readonly createTask: (partition: number) => T;
  /**
   * Runs each record instead of `task.process`, with the partition's task at hand: the Nest
   * transport routes records through a controller's handler (its pipes, interceptors and filters)
   * this way. It may be asynchronous; a pure stage leaves it out and pays no await per record.
   */
  dispatch?(record: InputRecord, task: T): TaskOutcome<M> | Promise<TaskOutcome<M>>;
  readonly onCommitted?: (batch: CommittedBatch<M>) => void;
}

/**
 * A stage of any record meta and task type, as the engine holds them side by side. `any`, not
 * `unknown`: a stage both produces metas (its tasks) and consumes them (`onCommitted`), so no
 * single type is a supertype of every stage; the engine never looks inside a meta.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStage = StreamStage<any, StreamTask<any>>;

/** Infers a stage's meta and task type from its `createTask`, so `tasksOf(stage)` gives the task back typed. */
export function defineStage<M, T extends StreamTask<M>>(stage: StreamStage<M, T>): StreamStage<M, T> {
  return stage;
}

/**
 * The JSON value of a record on an internal topic, as the fields its second stage checks by hand
 * (the hot path has no room for a contract class per record), or why there is none.
 */
export function internalJson<T>(record: InputRecord): Partial<T> | string {
  if (!record.value) return 'value: empty';
  try {
    const parsed: unknown = JSON.parse(record.value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Partial<T>) : 'value: not a JSON object';
  } catch {
    return 'value: not JSON';
  }
}
