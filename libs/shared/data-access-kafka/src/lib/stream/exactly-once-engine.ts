import type { Admin, Batch, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { consumerConfig } from '../client/kafka-config';
import { TransactionAdmin } from '../client/transaction-admin';
import { errorMessage, withRetries } from '../errors';
import { copartitionedCounts, fencedProducer, restoreStages } from './fence-restore';
import { advancePosition, commitMarkers } from './marker-commits';
import { isRebalanceError, StaleBatch, StateLayoutError } from './engine-errors';
import type { EngineLogger, EngineStatus, ExactlyOnceEngineOptions } from './engine-options';
import { findPartitionOwner, type PartitionOwner } from './partition-owners';
import { slotKey, type PartitionState } from './partition-slot';
import { PartitionTable } from './partition-table';
import { outcomeOf, TransactionSettler } from './settle';
import { commitSlice, type SliceSettings } from './slice-transaction';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  private readonly settler: TransactionSettler;
  private readonly stages = new Map<string, AnyStage>();
  private readonly partitionCounts = new Map<string, number>();
  /**
   * Per slot, the outcome the coordinator had recorded for its transactional id when this instance
   * first fenced it, kept until `settle` finds nothing of that id left open: a retried prepare must
   * not take the state its own fence or settle left for the earlier one.
   */
  private readonly lastOutcome = new Map<string, 'commit' | 'abort'>();
  private readonly table: PartitionTable;
  private running = false;
  private inGroup = false;
  /** Joins so far: a prepare that a join overtook must not mark its partitions ready (another member may have had them meanwhile). */
  private generation = 0;
  private crashed?: string;
  private fatal?: Error;
  private lastActivityAt = Date.now();
  private readonly logger: EngineLogger;
  private readonly maxTransactionAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly sliceSettings: SliceSettings;
  private readonly maxRecordsPerTransaction: number;
  /** One prepare at a time: two partitions' batches must not both re-create (and so fence) the same producers. */
  private preparing?: Promise<void>;
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
    this.maxTransactionAttempts = options.maxTransactionAttempts ?? 8;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.sliceSettings = {
      groupId: options.groupId,
      dlqTopic: options.dlqTopic,
      service: options.service,
      logger: this.logger,
      maxProcessAttempts: options.maxProcessAttempts ?? 3,
      retryBackoffMs: this.retryBackoffMs,
      sendChunkSize: options.sendChunkSize ?? 1000,
      processingDelayMs: options.processingDelayMs,
    };
    this.maxRecordsPerTransaction = options.maxRecordsPerTransaction ?? 2000;
    this.consumer = options.kafka.consumer({
      ...consumerConfig(options.groupId, { sessionTimeout: options.sessionTimeoutMs ?? 10_000 }),
      ...(options.partitionAssigners && { partitionAssigners: [...options.partitionAssigners] }),
      readUncommitted: false,
    });
    this.admin = options.kafka.admin();
    this.transactions = new TransactionAdmin(options.kafka);
    const written = [options.dlqTopic, ...options.stages.flatMap((s) => [...s.outputTopics, ...(s.changelogTopic ? [s.changelogTopic] : [])])];
    this.settler = new TransactionSettler(this.admin, this.transactions, this.logger, options.groupId, [...new Set(written)], this.lastOutcome, (key) => this.table.transactionalId(this.table.state(key)), (key) => this.table.describe(key));
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
      for (const key of this.table.assign(this.stages, payload.memberAssignment)) this.lastOutcome.delete(key);
      const mine = [...this.stages.keys()].map((topic) => `${topic} [${(payload.memberAssignment[topic] ?? []).join(', ')}]`).join(', ');
      this.logger.log(`joined ${this.options.groupId}: partitions ${mine}`);
      this.options.onStatus?.('connected');
      // Restore now rather than at the first batch: a partition with no new records would otherwise
      // never be restored, and queries for its keys would wait for the next record to arrive.
      if (this.running && !this.fatal) void this.startPrepare();
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
        if (this.preparing) await this.preparing;
        if (!this.table.states.get(key)?.ready && !this.fatal) await this.startPrepare();
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
      await this.processBatch(payload, state, task, producer);
    } finally {
      state.busy = false;
    }
  }

  private async processBatch(payload: EachBatchPayload, state: PartitionState, task: StreamTask<unknown>, producer: Producer): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    const nextOffset = state.nextOffset;

    // A fetch that starts past the committed offset would skip records: go back.
    const fetchedOffset = BigInt((batch as Batch & { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset() ?? '0');
    if (nextOffset !== undefined && fetchedOffset > nextOffset) {
      this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: nextOffset.toString() });
      return;
    }
    // Records below the committed offset were processed and committed already (offsets ascend, so only a prefix).
    let first = 0;
    if (nextOffset !== undefined) while (first < batch.messages.length && BigInt(batch.messages[first].offset) < nextOffset) first += 1;
    const messages = first === 0 ? batch.messages : batch.messages.slice(first);
    // The batch's last entry may be a commit marker after its last record: once the records are done, so is it.
    const last = batch.lastOffset();
    if (messages.length === 0) {
      advancePosition(state, last);
      return;
    }

    // A fetch can hold many thousand records per partition: bounded transactions keep a commit
    // (and so what read_committed readers see, and what a stop or a crash has to redo) small.
    for (let from = 0; from < messages.length; from += this.maxRecordsPerTransaction) {
      if (!isRunning() || isStale()) return;
      const committed = await this.runSlice(payload, state, task, producer, messages.slice(from, from + this.maxRecordsPerTransaction));
      if (!committed) return;
    }
    advancePosition(state, last);
  }

  /** One slice in one transaction (`commitSlice`), and what its success or failure means for the partition. False when it failed (it will come again). */
  private async runSlice(payload: EachBatchPayload, state: PartitionState, task: StreamTask<unknown>, producer: Producer, messages: KafkaMessage[]): Promise<boolean> {
    const { partition: p, topic, stage } = state;
    const started = Date.now();
    try {
      const { results, next } = await commitSlice(this.sliceSettings, payload, state, task, producer, messages);
      state.nextOffset = BigInt(next);
      state.failures = 0;
      for (const message of messages) payload.resolveOffset(message.offset);
      this.lastActivityAt = Date.now();
      const lag = Math.max(0, Number(BigInt(payload.batch.highWatermark) - BigInt(next)));
      stage.onCommitted?.({ topic, partition: p, results, durationMs: Date.now() - started, lag });
      await payload.heartbeat();
      return true;
    } catch (error) {
      const key = slotKey(topic, p);
      // State may have run ahead and the producer may be wedged: rebuild both before the next batch.
      await this.table.invalidate(key);
      if (error instanceof StaleBatch) {
        this.logger.log(`${topic}-${p}: batch at ${messages[0].offset} left uncommitted (${error.where} its transaction): rebalance or shutdown`);
        return false;
      }
      if (isRebalanceError(error)) throw error;
      const failures = (this.table.states.get(key)?.failures ?? 0) + 1;
      this.table.state(key).failures = failures;
      this.logger.warn(`${topic}-${p}: transaction failed (attempt ${failures}/${this.maxTransactionAttempts}), batch will be redelivered: ${errorMessage(error)}`);
      if (failures >= this.maxTransactionAttempts) {
        this.table.state(key).failures = 0;
        throw error;
      }
      await sleep(Math.min(this.retryBackoffMs * 2 ** (failures - 1), 5000));
      return false;
    }
  }

  /** One prepare at a time, shared by whoever asks while it runs. */
  private startPrepare(): Promise<void> {
    this.preparing ??= this.prepare().finally(() => (this.preparing = undefined));
    return this.preparing;
  }

  /** Fence, read the committed offsets, restore every assigned partition not ready: after a join, and before a batch after a failure. */
  private async prepare(): Promise<void> {
    const wanted = this.table.notReady();
    if (wanted.length === 0) return;
    const named = wanted.map((key) => this.table.describe(key)).join(', ');
    const generation = this.generation;
    try {
      for (const key of wanted) {
        const state = this.table.state(key);
        await this.table.dropProducer(key);
        if (!this.lastOutcome.has(key)) {
          const outcome = outcomeOf((await this.transactions.describeTransaction(this.table.transactionalId(state)))?.state);
          if (outcome) this.lastOutcome.set(key, outcome);
        }
        const producer = await fencedProducer(this.options.kafka, this.table.transactionalId(state), this.options.transactionTimeoutMs ?? 60_000);
        state.producer = producer;
        state.answers.reset(); // a new epoch: its batches cannot pass for the old one's
        state.task = state.stage.createTask(state.partition);
      }
      await this.settler.settle(wanted);
      const states = wanted.map((key) => this.table.state(key));
      const committed = await this.admin.fetchOffsets({ groupId: this.options.groupId, topics: [...new Set(states.map((s) => s.topic))] });
      for (const state of states) {
        const entry = committed.find((c) => c.topic === state.topic)?.partitions.find((c) => c.partition === state.partition);
        state.nextOffset = entry && BigInt(entry.offset) >= 0n ? BigInt(entry.offset) : undefined;
        state.position = undefined;
      }
      await restoreStages(this.options.kafka, this.options.groupId, this.options.stages, states, this.partitionCounts, this.logger);
      // Where each partition resumes: what a post-mortem of a duplicate or a gap needs first.
      this.logger.log(`${named} resume at committed offsets [${states.map((s) => s.nextOffset?.toString() ?? 'none').join(', ')}]`);
      if (generation !== this.generation) {
        // A rebalance happened meanwhile: fence and restore again under the new assignment.
        for (const key of wanted) await this.table.invalidate(key);
        if (this.running && !this.fatal) setImmediate(() => void this.startPrepare());
        return;
      }
      for (const state of states) state.ready = true;
    } catch (error) {
      for (const key of wanted) await this.table.invalidate(key);
      if (error instanceof StateLayoutError) {
        this.fatal = error;
        this.crashed = error.message;
        this.logger.error(error.message);
        this.options.onFatal?.(error);
        return;
      }
      this.logger.warn(`preparing ${named} failed, will retry: ${errorMessage(error)}`);
      await sleep(this.retryBackoffMs);
    }
  }
}
