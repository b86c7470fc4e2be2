import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';
import { KstreamError } from '@kstream/kafka';

/** A record ready to go: its partition is already chosen, so its offset can be worked out from the ack. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: string | Buffer | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  /** Approximate size on the wire (key + value + headers), used for batch bounds. */
  readonly bytes: number;
}

export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  /** int64 as a decimal string; null when acks=0 (the broker does not say). */
  readonly offset: string | null;
}

export type SendBatch = (topicMessages: TopicMessages[]) => Promise<RecordMetadata[]>;

export interface BatcherOptions {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly lingerMs: number;
  readonly maxInFlight: number;
  readonly maxBuffered: number;
  /**
   * How long a record may wait for its ack, from enqueue. A record still buffered then is
   * withdrawn (RecordCancelledError: never sent); one already sent is answered with
   * AckTimeoutError (it may still be stored). Undefined: no deadline.
   */
  readonly deadlineMs?: number;
  /** Called after every sendBatch, for metrics. */
  readonly onBatch?: (records: number, bytes: number, error?: unknown) => void;
  /**
   * Turns an error into the one the caller sees, for the record it rejects. Done here rather than
   * with a `.catch` on every returned promise: that would cost a promise and a closure per record.
   */
  readonly rejectWith?: (error: unknown, record: OutgoingRecord) => unknown;
}

export class BufferFullError extends KstreamError {
  constructor(limit: number) {
    super(`the producer buffer holds ${limit} records waiting for the broker; try again later`, true);
    this.name = 'BufferFullError';
  }
}

/** The caller gave up (its deadline passed) while the record was still buffered: it was never sent. */
export class RecordCancelledError extends KstreamError {
  constructor() {
    super('the record was withdrawn before it was sent', false);
    this.name = 'RecordCancelledError';
  }
}

/** The record was sent but the broker did not answer before its deadline: it may still be stored. */
export class AckTimeoutError extends KstreamError {
  constructor(ms: number) {
    super(`the broker did not acknowledge the record within ${ms} ms`, false);
    this.name = 'AckTimeoutError';
  }
}

export class BatcherClosedError extends KstreamError {
  constructor() {
    super('the producer is shutting down and accepts no more records', false);
    this.name = 'BatcherClosedError';
  }
}

interface Pending {
  readonly record: OutgoingRecord;
  /** Date.now() past which the caller is answered with a timeout. */
  readonly deadline: number;
  readonly resolve: (delivery: Delivery) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
}

/**
 * kafkajs has no linger.ms or batch.size (kafkajs#1161) and one awaited send per request
 * caps throughput near 2k/s (#772). This collects concurrent records into sendBatch calls
 * bounded by count, bytes and a short linger, and resolves each record with its own offset:
 * the broker acks one base offset per partition and appends a partition's records in the
 * order they were sent, so a record's offset is the base plus its index within that partition.
 *
 * Deadlines cost one timer per batcher and one per batch in flight, not one per record: with
 * a fixed deadlineMs the buffer is in deadline order, so a single sweep timer armed for its
 * head withdraws the expired prefix, and a batch's timer fires at its oldest record's deadline.
 */
export class RecordBatcher {
  private buffer: Pending[] = [];
  private bufferedBytes = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Withdraws buffered records past their deadline; armed for the oldest one. */
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly send: SendBatch,
    private readonly options: BatcherOptions,
  ) {}

  get buffered(): number {
    return this.buffer.length;
  }

  get batchesInFlight(): number {
    return this.inFlight;
  }

  /** Resolves once the broker acknowledged the record; rejects at its deadline (see deadlineMs). */
  enqueue(record: OutgoingRecord): Promise<Delivery> {
    if (this.closed) return Promise.reject(this.callerError(new BatcherClosedError(), record));
    if (this.buffer.length >= this.options.maxBuffered) return Promise.reject(this.callerError(new BufferFullError(this.options.maxBuffered), record));
    return new Promise<Delivery>((resolve, reject) => {
      const deadline = this.options.deadlineMs === undefined ? Infinity : Date.now() + this.options.deadlineMs;
      this.buffer.push({ record, deadline, resolve, reject, settled: false });
      this.bufferedBytes += record.bytes;
      if (this.buffer.length >= this.options.maxRecords || this.bufferedBytes >= this.options.maxBytes) {
        this.drain();
      } else if (this.options.lingerMs === 0) {
        // No linger: send at the end of this turn of the event loop, with whatever else arrived
        // in it (all entries of one request do). Under load records still share calls: they
        // queue while maxInFlight calls are out and go together when one comes back.
        this.immediate ??= setImmediate(() => {
          this.immediate = undefined;
          this.drain();
        });
      } else {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, this.options.lingerMs);
      }
      if (this.sweepTimer === undefined && deadline !== Infinity) this.armSweep();
    });
  }

  /** Sends everything buffered and resolves once every record has its answer. */
  async flush(): Promise<void> {
    this.drain();
    if (this.buffer.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new records, then flushes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Rejects a record that is still unanswered, with the error its caller should see. */
  private fail(pending: Pending, error: unknown): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.reject(this.callerError(error, pending.record));
  }

  private callerError(error: unknown, record: OutgoingRecord): unknown {
    return this.options.rejectWith ? this.options.rejectWith(error, record) : error;
  }

  private armSweep(): void {
    const head = this.buffer[0];
    if (!head || head.deadline === Infinity) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = undefined;
      this.sweep();
    }, Math.max(0, head.deadline - Date.now()));
    this.sweepTimer.unref?.();
  }

  /** Buffered records past their deadline were never sent: withdraw them. */
  private sweep(): void {
    const now = Date.now();
    let expired = 0;
    while (expired < this.buffer.length && this.buffer[expired].deadline <= now) expired += 1;
    for (const pending of this.buffer.splice(0, expired)) {
      this.bufferedBytes -= pending.record.bytes;
      this.fail(pending, new RecordCancelledError());
    }
    this.armSweep();
    if (this.buffer.length === 0 && this.inFlight === 0) this.wakeIdle();
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
    while (this.buffer.length > 0 && this.inFlight < this.options.maxInFlight) {
      void this.sendOne(this.takeBatch());
    }
  }

  private takeBatch(): Pending[] {
    let count = 0;
    let bytes = 0;
    while (count < this.buffer.length && count < this.options.maxRecords) {
      const next = this.buffer[count].record.bytes;
      // A record larger than the byte bound still goes, alone, rather than never.
      if (count > 0 && bytes + next > this.options.maxBytes) break;
      bytes += next;
      count += 1;
    }
    this.bufferedBytes -= bytes;
    return this.buffer.splice(0, count);
  }

  private async sendOne(batch: Pending[]): Promise<void> {
    this.inFlight += 1;
    let bytes = 0;
    for (const p of batch) bytes += p.record.bytes;
    const cancelDeadline = this.batchDeadline(batch);
    try {
      const metadata = await this.send(toTopicMessages(batch));
      this.options.onBatch?.(batch.length, bytes);
      settle(batch, metadata);
    } catch (error) {
      this.options.onBatch?.(batch.length, bytes, error);
      for (const pending of batch) this.fail(pending, error);
    } finally {
      cancelDeadline();
      this.inFlight -= 1;
      // Records that queued while this batch was in flight have waited long enough: send them now.
      if (this.buffer.length > 0) this.drain();
      if (this.buffer.length === 0 && this.inFlight === 0) this.wakeIdle();
    }
  }

  /**
   * One timer per batch in flight: a record whose deadline passes before the ack is answered
   * with AckTimeoutError. The batch is in buffer order, so its first record expires first.
   */
  private batchDeadline(batch: Pending[]): () => void {
    const ms = this.options.deadlineMs;
    if (ms === undefined || batch.length === 0) return noop;
    let timer: NodeJS.Timeout | undefined;
    const fire = (): void => {
      const now = Date.now();
      let next = Infinity;
      for (const pending of batch) {
        if (pending.settled) continue;
        if (pending.deadline <= now) this.fail(pending, new AckTimeoutError(ms));
        else if (pending.deadline < next) next = pending.deadline;
      }
      timer = next === Infinity ? undefined : setTimeout(fire, next - now);
    };
    timer = setTimeout(fire, Math.max(0, batch[0].deadline - Date.now()));
    return () => clearTimeout(timer);
  }
}

const noop = (): void => undefined;

function resolveOne(pending: Pending, delivery: Delivery): void {
  if (pending.settled) return;
  pending.settled = true;
  pending.resolve(delivery);
}

function toTopicMessages(batch: Pending[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { record } of batch) {
    const messages = byTopic.get(record.topic) ?? [];
    messages.push({ key: record.key, value: record.value, headers: record.headers, partition: record.partition });
    byTopic.set(record.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Offsets as numbers while they are exact (below 2^53, i.e. always in practice); BigInt only
 * beyond. Per batch, partitions are few: a small array beats string-keyed maps here.
 */
function settle(batch: Pending[], metadata: RecordMetadata[]): void {
  const slots = metadata.map((m) => ({ topic: m.topicName, partition: m.partition, base: m.baseOffset ?? m.offset, next: 0 }));
  for (const pending of batch) {
    const { record } = pending;
    let slot: (typeof slots)[number] | undefined;
    for (const s of slots) {
      if (s.partition === record.partition && s.topic === record.topic) {
        slot = s;
        break;
      }
    }
    let offset: string | null = null;
    if (slot && slot.base !== undefined && slot.base !== '-1') {
      const base = Number(slot.base);
      offset = Number.isSafeInteger(base + slot.next) ? String(base + slot.next) : (BigInt(slot.base) + BigInt(slot.next)).toString();
      slot.next += 1;
    }
    resolveOne(pending, { topic: record.topic, partition: record.partition, offset });
  }
}
