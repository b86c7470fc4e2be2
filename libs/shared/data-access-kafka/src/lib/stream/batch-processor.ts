import type { Batch, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { errorMessage } from '../errors';
import { isRebalanceError, StaleBatch } from './engine-errors';
import type { EngineLogger } from './engine-options';
import { advancePosition } from './marker-commits';
import { slotKey, type PartitionState } from './partition-slot';
import type { PartitionTable } from './partition-table';
import { commitSlice, type SliceSettings } from './slice-transaction';
import type { StreamTask } from './stream-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BatchSettings {
  readonly slice: SliceSettings;
  readonly logger: EngineLogger;
  readonly maxTransactionAttempts: number;
  readonly retryBackoffMs: number;
  readonly maxRecordsPerTransaction: number;
}

/**
 * One fetched batch of a ready partition: skip what was committed already, cut the rest into
 * bounded transactions (`commitSlice`), and decide what a failed one costs the partition.
 */
export class BatchProcessor {
  constructor(
    private readonly consumer: Consumer,
    private readonly table: PartitionTable,
    private readonly settings: BatchSettings,
    /** Called after each committed transaction: the engine's liveness clock. */
    private readonly onActivity: () => void,
  ) {}

  async process(payload: EachBatchPayload, state: PartitionState, task: StreamTask<unknown>, producer: Producer): Promise<void> {
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
    const size = this.settings.maxRecordsPerTransaction;
    for (let from = 0; from < messages.length; from += size) {
      if (!isRunning() || isStale()) return;
      const committed = await this.runSlice(payload, state, task, producer, messages.slice(from, from + size));
      if (!committed) return;
    }
    advancePosition(state, last);
  }

  /** One slice in one transaction (`commitSlice`), and what its success or failure means for the partition. False when it failed (it will come again). */
  private async runSlice(payload: EachBatchPayload, state: PartitionState, task: StreamTask<unknown>, producer: Producer, messages: KafkaMessage[]): Promise<boolean> {
    const { partition: p, topic, stage } = state;
    const { logger, maxTransactionAttempts, retryBackoffMs } = this.settings;
    const started = Date.now();
    try {
      const { results, next } = await commitSlice(this.settings.slice, payload, state, task, producer, messages);
      state.nextOffset = BigInt(next);
      state.failures = 0;
      for (const message of messages) payload.resolveOffset(message.offset);
      this.onActivity();
      const lag = Math.max(0, Number(BigInt(payload.batch.highWatermark) - BigInt(next)));
      stage.onCommitted?.({ topic, partition: p, results, durationMs: Date.now() - started, lag });
      await payload.heartbeat();
      return true;
    } catch (error) {
      const key = slotKey(topic, p);
      // State may have run ahead and the producer may be wedged: rebuild both before the next batch.
      await this.table.invalidate(key);
      if (error instanceof StaleBatch) {
        logger.log(`${topic}-${p}: batch at ${messages[0].offset} left uncommitted (${error.where} its transaction): rebalance or shutdown`);
        return false;
      }
      if (isRebalanceError(error)) throw error;
      const slot = this.table.state(key);
      slot.failures += 1;
      logger.warn(`${topic}-${p}: transaction failed (attempt ${slot.failures}/${maxTransactionAttempts}), batch will be redelivered: ${errorMessage(error)}`);
      if (slot.failures >= maxTransactionAttempts) {
        slot.failures = 0;
        throw error;
      }
      await sleep(Math.min(retryBackoffMs * 2 ** (slot.failures - 1), 5000));
      return false;
    }
  }
}
