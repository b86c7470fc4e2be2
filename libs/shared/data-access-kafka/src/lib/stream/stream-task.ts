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
  restore(message: KafkaMessage): void;
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
  readonly partition: number;
  readonly results: readonly { readonly record: InputRecord; readonly outcome: TaskOutcome<M> }[];
  readonly durationMs: number;
  /** Records left behind the end of the partition after this batch, as the fetch saw it. */
  readonly lag: number;
}
