import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import { consumerConfig } from '../client/kafka-config';
import { TransactionAdmin } from '../client/transaction-admin';
import { errorChain, errorMessage, withRetries } from '../errors';
import { BatchProcessor } from './batch-processor';
import { copartitionedCounts } from './fence-restore';
import { advancePosition, commitMarkers } from './marker-commits';
import type { EngineLogger, EngineStatus, ExactlyOnceEngineOptions } from './engine-options';
import { findPartitionOwner, type PartitionOwner } from './partition-owners';
import { PartitionPreparer } from './partition-prepare';
import { slotKey } from './partition-slot';
import { subscriptionAssigner } from './subscription-assigner';
import { PartitionTable } from './partition-table';
import type { AnyStage, StreamStage, StreamTask } from './stream-task';

/*
 * Why not Nest's ServerKafka: it hands the app one message at a time (eachMessage only,
 * nestjs/nest#9455), has no transactions (#3736), so outputs and consumed offsets cannot
 * be committed atomically, has no DLQ, and treats every handler exception as retriable,
 * so a poison pill loops forever (#14664). Exactly-once needs a batch, a transactional
 * producer per input partition and the offsets sent inside the transaction; that is this
 * engine. Apps wrap it in a Nest provider and keep the Nest model for HTTP, DI and health.
 */

/** How long a partition must be idle before the offsets of the commit markers at its end are committed. */
const MARKER_COMMIT_INTERVAL_MS = 1000;

/**
 * Consume → process → produce → sendOffsets → commit, one kafkajs transaction per batch.
 *
 * - One transactional producer per input partition, transactional id
 *   `${group}-${topic}-${partition}`. kafkajs lacks KIP-447, so the id is what fences a
 *   zombie: whoever owns the partition next re-initialises the same id, which bumps the
 *   epoch, aborts the old owner's open transaction and makes its commit fail.
 * - On every group join all tasks are marked stale (the engine cannot know what another
 *   member did with a partition in between). Before the next batch of a partition the
 *   engine (1) re-creates its producer, fencing any zombie, (2) reads the group's committed
 *   offset for it, (3) restores the task from the changelog partition to its end,
 *   read_committed. Records below the committed offset are skipped and a fetch that starts
 *   past it is sent back with seek, so a stale position never duplicates or skips.
 * - A failed transaction is aborted, its producer dropped (kafkajs#1416: "There is already
 *   an ongoing transaction" sticks otherwise) and its task thrown away; nothing is resolved,
 *   so the batch comes again after a backoff, bounded by maxTransactionAttempts.
 * - Bad records never throw: the task dead-letters them (original key, value, headers plus
 *   the dlq-* headers) in the same transaction and the partition moves on.
 */
export class ExactlyOnceEngine {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly transactions: TransactionAdmin;
  private readonly stages = new Map<string, AnyStage>();
  private readonly partitionCounts = new Map<string, number>();
  private readonly table: PartitionTable;
  private readonly preparer: PartitionPreparer;
  private readonly batches: BatchProcessor;
  private running = false;
  private inGroup = false;
  /** Joins so far: a prepare that a join overtook must not mark its partitions ready (another member may have had them meanwhile). */
  private generation = 0;
  private crashed?: string;
  private fatal?: Error;
  private lastActivityAt = Date.now();
  private readonly logger: EngineLogger;
  private markerTimer?: NodeJS.Timeout;

  constructor(private readonly options: ExactlyOnceEngineOptions) {
    if (options.stages.length === 0) throw new Error('an engine needs at least one stage');
    for (const stage of options.stages) {
      if (this.stages.has(stage.inputTopic)) throw new Error(`two stages read ${stage.inputTopic}`);
      this.stages.set(stage.inputTopic, stage);
    }
    const changelogs = options.stages.flatMap((s) => (s.changelogTopic ? [s.changelogTopic] : []));
    if (new Set(changelogs).size !== changelogs.length) throw new Error('two stages share a changelog topic');
    this.logger = options.logger ?? { log: () => undefined, warn: console.warn, error: console.error };
    this.table = new PartitionTable(options.groupId);
    const retryBackoffMs = options.retryBackoffMs ?? 200;
    this.consumer = options.kafka.consumer({
      ...consumerConfig(options.groupId, { sessionTimeout: options.sessionTimeoutMs ?? 10_000 }),
      // By subscription: with a consumer per stage in one group, each member gets only its stage's topic.
      partitionAssigners: options.partitionAssigners ? [...options.partitionAssigners] : [subscriptionAssigner()],
      readUncommitted: false,
    });
    this.admin = options.kafka.admin();
    this.transactions = new TransactionAdmin(options.kafka);
    this.preparer = new PartitionPreparer({
      options,
      logger: this.logger,
      admin: this.admin,
      transactions: this.transactions,
      table: this.table,
      partitionCounts: this.partitionCounts,
      retryBackoffMs,
      generation: () => this.generation,
      mayPrepare: () => this.running && !this.fatal,
      onFatal: (error) => this.stopForGood(error),
    });
    const slice = {
      groupId: options.groupId,
      dlqTopic: options.dlqTopic,
      service: options.service,
      logger: this.logger,
      maxProcessAttempts: options.maxProcessAttempts ?? 3,
      retryBackoffMs,
      sendChunkSize: options.sendChunkSize ?? 1000,
      processingDelayMs: options.processingDelayMs,
      processingDelayTopic: options.processingDelayTopic,
      encodeOutput: options.encodeOutput,
    };
    const batchSettings = { slice, logger: this.logger, maxTransactionAttempts: options.maxTransactionAttempts ?? 8, retryBackoffMs, maxRecordsPerTransaction: options.maxRecordsPerTransaction ?? 2000 };
    this.batches = new BatchProcessor(this.consumer, this.table, batchSettings, () => (this.lastActivityAt = Date.now()));
    this.watchConsumer();
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.transactions.connect();
    for (const [topic, count] of await copartitionedCounts(this.admin, this.options.stages)) this.partitionCounts.set(topic, count);
    await this.consumer.connect();
    // A topic created moments ago may not be in the broker's metadata yet: retry that, bounded.
    await withRetries(() => this.consumer.subscribe({ topics: [...this.stages.keys()], fromBeginning: true }));
    this.running = true;
    this.markerTimer = setInterval(() => commitMarkers(this.consumer, this.table.states.values(), this.logger), MARKER_COMMIT_INTERVAL_MS);
    this.markerTimer.unref();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 8,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Stops consuming (kafkajs lets the batch in hand finish), then closes the producers. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.markerTimer);
    await Promise.all([...this.table.states.values()].map((s) => s.markerCommit));
    await this.consumer.disconnect().catch((e) => this.logger.warn(`consumer disconnect: ${errorMessage(e)}`));
    await this.table.clear();
    await this.admin.disconnect().catch(() => undefined);
    await this.transactions.disconnect().catch(() => undefined);
  }

  status(): EngineStatus {
    const stages = this.table.byTopic(this.stages.keys());
    const first = this.options.stages[0].inputTopic;
    return {
      running: this.running,
      inGroup: this.inGroup,
      crashed: this.crashed,
      lastActivityAt: this.lastActivityAt,
      assigned: stages[first],
      ready: this.table.ready(first),
      stages,
      restoring: this.table.restoring(),
    };
  }

  /** Whether one of this engine's stages reads `topic`. */
  runs(topic: string): boolean {
    return this.stages.has(topic);
  }

  /** The restored tasks of `stage` on the partitions this instance owns now, by partition. */
  tasksOf<M, T extends StreamTask<M>>(stage: StreamStage<M, T>): Map<number, T> {
    return this.table.tasksOf(stage);
  }

  /**
   * This instance's task for `partition` of the stage's input, when it owns the partition and has
   * restored it (a query it may answer from local state); `restoring` while it is still being
   * prepared; undefined when another member owns it.
   */
  localTask<M, T extends StreamTask<M>>(stage: StreamStage<M, T>, partition: number): { task: T } | 'restoring' | undefined {
    return this.table.localTask(stage, partition);
  }

  /** Partitions of a stage's input or changelog topic, as read at start. */
  partitionCount(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  /** The group member that owns `partition` of `topic` now, with the address it advertises (see `advertisingAssigner`). */
  findOwner(topic: string, partition: number): Promise<PartitionOwner | undefined> {
    return findPartitionOwner(this.admin, this.options.groupId, topic, partition);
  }

  private watchConsumer(): void {
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      this.generation += 1;
      this.inGroup = true;
      if (!this.fatal) this.crashed = undefined;
      this.lastActivityAt = Date.now();
      this.preparer.forget(this.table.assign(this.stages, payload.memberAssignment));
      const mine = [...this.stages.keys()].map((topic) => `${topic} [${(payload.memberAssignment[topic] ?? []).join(', ')}]`).join(', ');
      this.logger.log(`joined ${this.options.groupId}: partitions ${mine}`);
      this.options.onStatus?.('connected');
      // Restore now rather than at the first batch: a partition with no new records would otherwise
      // never be restored, and queries for its keys would wait for the next record to arrive.
      if (this.running && !this.fatal) void this.preparer.start();
    });
    this.consumer.on(events.REBALANCING, () => {
      this.inGroup = false;
      this.options.onStatus?.('rebalancing');
    });
    this.consumer.on(events.FETCH_START, () => {
      this.lastActivityAt = Date.now();
    });
    // A fetch of only markers (or aborted records) never reaches eachBatch; kafkajs reports it here. Its
    // entries from `firstOffset` to `lastOffset` are all skipped ones, so when they start at or below the
    // committed offset, nothing unprocessed lies before the end of them.
    this.consumer.on(events.END_BATCH_PROCESS, ({ payload }) => {
      const state = this.table.states.get(slotKey(payload.topic, payload.partition));
      if (!state?.ready || payload.batchSize !== 0 || payload.firstOffset === null || state.nextOffset === undefined) return;
      if (BigInt(payload.firstOffset) <= state.nextOffset) advancePosition(state, payload.lastOffset);
    });
    this.consumer.on(events.STOP, () => {
      this.inGroup = false;
      this.options.onStatus?.('disconnected');
    });
    this.consumer.on(events.CRASH, ({ payload }) => {
      this.inGroup = false;
      this.crashed = `${errorMessage(payload.error)}${payload.restart ? ' (restarting)' : ''}`;
      this.logger.error(`consumer crashed: ${this.crashed}`);
      this.options.onStatus?.('crashed');
      // kafkajs does not restart a consumer after an error it deems not retriable: nothing would ever
      // consume again, and /health would say 503 for ever. Stop for good so the app exits and whatever
      // runs it (compose, Kubernetes, `nx serve` by hand) starts a fresh one.
      if (!payload.restart && this.running && !this.fatal) {
        // kafkajs wraps the cause and logs only the wrapper's stack: keep where it really came from.
        const cause = errorChain(payload.error).at(-1) as Error | undefined;
        if (cause?.stack) this.logger.error(`consumer crash, cause: ${cause.stack}`);
        this.stopForGood(new Error(`kafkajs stopped the consumer of ${this.options.groupId} for good: ${errorMessage(payload.error)}`));
      }
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    const key = slotKey(batch.topic, batch.partition);
    if (!isRunning() || isStale() || this.fatal) return;
    this.lastActivityAt = Date.now();

    let state = this.table.states.get(key);
    if (!state?.ready) {
      // The prepare the join started (or another partition's batch) may already cover this one; if
      // not, run another. The batch in hand keeps the member alive meanwhile: kafkajs heartbeats
      // only between batches (kafkajs#1083), and a restore can take longer than the session.
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
      try {
        if (this.preparer.current) await this.preparer.current;
        if (!this.table.states.get(key)?.ready && !this.fatal) await this.preparer.start();
      } finally {
        clearInterval(beat);
      }
      state = this.table.states.get(key);
    }
    const task = state?.task;
    const producer = state?.producer;
    if (!state?.ready || !task || !producer) return;
    while (state.markerCommit) await state.markerCommit;
    state.busy = true;
    try {
      await this.batches.process(payload, state, task, producer);
    } finally {
      state.busy = false;
    }
  }

  /**
   * A problem retrying cannot fix (the changelog holds state in a layout this version cannot serve, or
   * kafkajs gave up on the consumer): report it and process nothing more.
   */
  private stopForGood(error: Error): void {
    this.fatal = error;
    this.crashed = error.message;
    this.logger.error(error.message);
    this.options.onFatal?.(error);
  }
}
