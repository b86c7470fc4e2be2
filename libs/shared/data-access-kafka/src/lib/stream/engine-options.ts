import type { Kafka, PartitionAssigner } from 'kafkajs';
import type { AnyStage, OutputMessage } from './stream-task';

export interface EngineLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ExactlyOnceEngineOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /**
   * The topology: one stage per input topic, all consumed by one consumer of `groupId` (Kafka
   * Streams' sub-topologies under one application id). A keyed processor has two: the first reads
   * the input and writes each record to a repartition topic keyed by its state key, the second
   * reads that topic and keeps the state, so every record of a key reaches one task whatever
   * partition the original producer chose. Build each with `defineStage`.
   */
  readonly stages: readonly AnyStage[];
  readonly dlqTopic: string;
  /** Goes into the `dlq-service` header. */
  readonly service: string;
  readonly logger?: EngineLogger;
  /**
   * Called once when the engine meets a problem that retrying cannot fix (state written in a layout
   * this version cannot read, or a consumer kafkajs will not restart). The engine stops working on
   * its partitions; the app should exit.
   */
  readonly onFatal?: (error: Error) => void;
  /**
   * The consumer's state as it changes: `connected` on each group join, `rebalancing` when a
   * rebalance starts, `crashed` when kafkajs reports a crash (it restarts the consumer when the
   * error is retriable), `disconnected` once stopped. The Nest transport forwards it to `status`.
   */
  readonly onStatus?: (status: EngineStatusEvent) => void;
  /**
   * The group's assignors (default: round robin by subscription, `subscriptionAssigner`). Interactive
   * queries pass one that also advertises this instance's HTTP address (`advertisingAssigner`), so
   * any instance can find a key's owner.
   */
  readonly partitionAssigners?: readonly PartitionAssigner[];
  /** Consecutive failed transactions on a partition before the engine gives up (the consumer crashes and kafkajs restarts it). */
  readonly maxTransactionAttempts?: number;
  /** Attempts of `process` on one record before it is dead-lettered as `processing-failed`. */
  readonly maxProcessAttempts?: number;
  readonly retryBackoffMs?: number;
  /** Messages per sendBatch call inside a transaction (kafkajs is slow on very large arrays). */
  readonly sendChunkSize?: number;
  readonly transactionTimeoutMs?: number;
  /**
   * Partitions whose batches are processed and committed at the same time (default 8, more
   * than the topics' 3 partitions). Each partition has its own transactional producer and
   * task, so their transactions are independent; serially, a partition's records wait for
   * the other partitions' commit round trips.
   */
  readonly partitionsConcurrently?: number;
  /** Records of one partition per transaction (default 2000); a larger fetch is committed in several. */
  readonly maxRecordsPerTransaction?: number;
  /**
   * Default 10 s (kafkajs: 30 s). After a SIGKILL the group waits this long for the dead
   * member before it rebalances, so it bounds fail-over time; the engine heartbeats inside
   * long batches and restores, so it can be short.
   */
  readonly sessionTimeoutMs?: number;
  /**
   * Test knob, 0 in production: an asynchronous pause before each record, standing in for a
   * handler that waits on something slow (a remote call). The chaos suite sets it above the
   * session timeout to check that a slow handler does not cost the group its member.
   */
  readonly processingDelayMs?: number;
  /** The stage input the pause applies to (a slow line handler, not its word totals); default every stage. */
  readonly processingDelayTopic?: string;
  /**
   * The wire form of each output record, applied to what the tasks return and flush (not to dead
   * letters, which keep the input's bytes): Avro for the topics a deployment writes as Avro. An
   * output it cannot encode fails the transaction, like a broker error, since the task's state has
   * moved already. Default: records as the tasks made them.
   */
  readonly encodeOutput?: (output: OutputMessage) => OutputMessage;
}

export type EngineStatusEvent = 'connected' | 'rebalancing' | 'crashed' | 'disconnected';

export interface EngineStatus {
  readonly running: boolean;
  readonly inGroup: boolean;
  readonly crashed?: string;
  readonly lastActivityAt: number;
  /** Partitions of the first stage's input topic this instance owns. */
  readonly assigned: number[];
  /** Those of them restored and processing. */
  readonly ready: number[];
  /** Every stage's input topic and the partitions of it this instance owns. */
  readonly stages: Record<string, number[]>;
  /** Owned partitions (`topic-partition`) not yet fenced and restored: their records and keys wait. */
  readonly restoring: string[];
}
