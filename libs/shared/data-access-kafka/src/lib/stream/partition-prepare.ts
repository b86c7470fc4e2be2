import type { Admin } from 'kafkajs';
import type { TransactionAdmin } from '../client/transaction-admin';
import { errorMessage } from '../errors';
import { StateLayoutError } from './engine-errors';
import type { EngineLogger, ExactlyOnceEngineOptions } from './engine-options';
import { fencedProducer, restoreStages } from './fence-restore';
import type { PartitionTable } from './partition-table';
import { outcomeOf, TransactionSettler } from './settle';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a prepare needs of the engine besides its options: its clients, its table and its state. */
export interface PrepareContext {
  readonly options: ExactlyOnceEngineOptions;
  readonly logger: EngineLogger;
  readonly admin: Admin;
  readonly transactions: TransactionAdmin;
  readonly table: PartitionTable;
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly retryBackoffMs: number;
  /** Joins so far: a prepare that a join overtook must not mark its partitions ready (another member may have had them meanwhile). */
  generation(): number;
  /** False once the engine stops or has hit a fatal error: nothing is prepared again. */
  mayPrepare(): boolean;
  /** The changelog holds state in a layout this version cannot serve: the engine stops for good. */
  onFatal(error: StateLayoutError): void;
}

/**
 * Fence, settle, read the committed offsets and restore every assigned partition that is not
 * ready: after each join, and before a batch after a failure. One prepare at a time: two
 * partitions' batches must not both re-create (and so fence) the same producers.
 */
export class PartitionPreparer {
  private preparing?: Promise<void>;
  /**
   * Per slot, the outcome the coordinator had recorded for its transactional id when this instance
   * first fenced it, kept until `settle` finds nothing of that id left open: a retried prepare must
   * not take the state its own fence or settle left for the earlier one.
   */
  private readonly lastOutcome = new Map<string, 'commit' | 'abort'>();
  private readonly settler: TransactionSettler;

  constructor(private readonly ctx: PrepareContext) {
    const { options, table } = ctx;
    const written = [options.dlqTopic, ...options.stages.flatMap((s) => [...s.outputTopics, ...(s.changelogTopic ? [s.changelogTopic] : [])])];
    this.settler = new TransactionSettler(ctx.admin, ctx.transactions, ctx.logger, options.groupId, [...new Set(written)], this.lastOutcome, (key) => table.transactionalId(table.state(key)), (key) => table.describe(key));
  }

  /** The prepare under way, if any. */
  get current(): Promise<void> | undefined {
    return this.preparing;
  }

  /** Slots this instance was just assigned anew: what an earlier owner decided is theirs to find out again. */
  forget(keys: Iterable<string>): void {
    for (const key of keys) this.lastOutcome.delete(key);
  }

  /** One prepare at a time, shared by whoever asks while it runs. */
  start(): Promise<void> {
    this.preparing ??= this.prepare().finally(() => (this.preparing = undefined));
    return this.preparing;
  }

  private async prepare(): Promise<void> {
    const { options, table, logger } = this.ctx;
    const wanted = table.notReady();
    if (wanted.length === 0) return;
    const named = wanted.map((key) => table.describe(key)).join(', ');
    const generation = this.ctx.generation();
    try {
      for (const key of wanted) {
        const state = table.state(key);
        await table.dropProducer(key);
        if (!this.lastOutcome.has(key)) {
          const outcome = outcomeOf((await this.ctx.transactions.describeTransaction(table.transactionalId(state)))?.state);
          if (outcome) this.lastOutcome.set(key, outcome);
        }
        state.producer = await fencedProducer(options.kafka, table.transactionalId(state), options.transactionTimeoutMs ?? 60_000);
        state.answers.reset(); // a new epoch: its batches cannot pass for the old one's
        state.task = state.stage.createTask(state.partition);
      }
      await this.settler.settle(wanted);
      const states = wanted.map((key) => table.state(key));
      const committed = await this.ctx.admin.fetchOffsets({ groupId: options.groupId, topics: [...new Set(states.map((s) => s.topic))] });
      for (const state of states) {
        const entry = committed.find((c) => c.topic === state.topic)?.partitions.find((c) => c.partition === state.partition);
        state.nextOffset = entry && BigInt(entry.offset) >= 0n ? BigInt(entry.offset) : undefined;
        state.position = undefined;
      }
      await restoreStages(options.kafka, options.groupId, options.stages, states, this.ctx.partitionCounts, logger);
      // Where each partition resumes: what a post-mortem of a duplicate or a gap needs first.
      logger.log(`${named} resume at committed offsets [${states.map((s) => s.nextOffset?.toString() ?? 'none').join(', ')}]`);
      if (generation !== this.ctx.generation()) {
        // A rebalance happened meanwhile: fence and restore again under the new assignment.
        for (const key of wanted) await table.invalidate(key);
        if (this.ctx.mayPrepare()) setImmediate(() => void this.start());
        return;
      }
      for (const state of states) state.ready = true;
    } catch (error) {
      for (const key of wanted) await table.invalidate(key);
      if (error instanceof StateLayoutError) {
        this.ctx.onFatal(error);
        return;
      }
      logger.warn(`preparing ${named} failed, will retry: ${errorMessage(error)}`);
      await sleep(this.ctx.retryBackoffMs);
    }
  }
}
