import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';

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
  /** Called after every sendBatch, for metrics. */
  readonly onBatch?: (records: number, bytes: number, error?: unknown) => void;
}

export class BufferFullError extends Error {
  constructor(limit: number) {
    super(`the producer buffer holds ${limit} records waiting for the broker; try again later`);
    this.name = 'BufferFullError';
  }
}

/** The caller gave up (its deadline passed) while the record was still buffered: it was never sent. */
export class RecordCancelledError extends Error {
  constructor() {
    super('the record was withdrawn before it was sent');
    this.name = 'RecordCancelledError';
  }
}

export class BatcherClosedError extends Error {
  constructor() {
    super('the producer is shutting down and accepts no more records');
    this.name = 'BatcherClosedError';
  }
}

interface Pending {
  readonly record: OutgoingRecord;
  readonly resolve: (delivery: Delivery) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * kafkajs has no linger.ms or batch.size (kafkajs#1161) and one awaited send per request
 * caps throughput near 2k/s (#772). This collects concurrent records into sendBatch calls
 * bounded by count, bytes and a short linger, and resolves each record with its own offset:
 * the broker acks one base offset per partition and appends a partition's records in the
 * order they were sent, so a record's offset is the base plus its index within that partition.
 */
export class RecordBatcher {
  private buffer: Pending[] = [];
  private bufferedBytes = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
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

  /**
   * Resolves once the broker acknowledged the record. Aborting `signal` withdraws a record
   * that is still buffered (RecordCancelledError); once sent, it can only be awaited.
   */
  enqueue(record: OutgoingRecord, signal?: AbortSignal): Promise<Delivery> {
    if (this.closed) return Promise.reject(new BatcherClosedError());
    if (this.buffer.length >= this.options.maxBuffered) return Promise.reject(new BufferFullError(this.options.maxBuffered));
    if (signal?.aborted) return Promise.reject(new RecordCancelledError());
    return new Promise<Delivery>((resolve, reject) => {
      const pending: Pending = { record, resolve, reject };
      this.buffer.push(pending);
      this.bufferedBytes += record.bytes;
      signal?.addEventListener('abort', () => this.withdraw(pending), { once: true });
      if (this.buffer.length >= this.options.maxRecords || this.bufferedBytes >= this.options.maxBytes) {
        this.drain();
      } else {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, this.options.lingerMs);
      }
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

  private withdraw(pending: Pending): void {
    const index = this.buffer.indexOf(pending);
    if (index < 0) return;
    this.buffer.splice(index, 1);
    this.bufferedBytes -= pending.record.bytes;
    pending.reject(new RecordCancelledError());
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
    const bytes = batch.reduce((sum, p) => sum + p.record.bytes, 0);
    try {
      const metadata = await this.send(toTopicMessages(batch));
      this.options.onBatch?.(batch.length, bytes);
      settle(batch, metadata);
    } catch (error) {
      this.options.onBatch?.(batch.length, bytes, error);
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      // Records that queued while this batch was in flight have waited long enough: send them now.
      if (this.buffer.length > 0) this.drain();
      if (this.buffer.length === 0 && this.inFlight === 0) this.wakeIdle();
    }
  }
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

function settle(batch: Pending[], metadata: RecordMetadata[]): void {
  const baseOffsets = new Map<string, string | undefined>();
  for (const m of metadata) baseOffsets.set(`${m.partition}:${m.topicName}`, m.baseOffset ?? m.offset);
  const indexes = new Map<string, number>();
  for (const { record, resolve } of batch) {
    const slot = `${record.partition}:${record.topic}`;
    const index = indexes.get(slot) ?? 0;
    indexes.set(slot, index + 1);
    const base = baseOffsets.get(slot);
    const offset = base === undefined || base === '-1' ? null : (BigInt(base) + BigInt(index)).toString();
    resolve({ topic: record.topic, partition: record.partition, offset });
  }
}
