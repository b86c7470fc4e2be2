import type { RecordMetadata, TopicMessages } from 'kafkajs';
import { AckTimeoutError, BatcherClosedError, BufferFullError, RecordBatcher, RecordCancelledError, type BatcherOptions, type OutgoingRecord } from './record-batcher';

/** A stand-in for producer.sendBatch that acks like a broker: one base offset per partition. */
class FakeBroker {
  readonly calls: TopicMessages[][] = [];
  private readonly logEnd = new Map<string, bigint>();
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;
  failWith: Error | undefined;

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
  }

  readonly send = async (topicMessages: TopicMessages[]): Promise<RecordMetadata[]> => {
    this.calls.push(topicMessages);
    await this.gate;
    if (this.failWith) throw this.failWith;
    const acks: RecordMetadata[] = [];
    for (const { topic, messages } of topicMessages) {
      const counts = new Map<number, number>();
      for (const m of messages) counts.set(m.partition ?? 0, (counts.get(m.partition ?? 0) ?? 0) + 1);
      for (const [partition, count] of counts) {
        const slot = `${topic}/${partition}`;
        const base = this.logEnd.get(slot) ?? 0n;
        this.logEnd.set(slot, base + BigInt(count));
        acks.push({ topicName: topic, partition, errorCode: 0, baseOffset: base.toString() });
      }
    }
    return acks;
  };
}

const options: BatcherOptions = { maxRecords: 100, maxBytes: 1_000_000, lingerMs: 5, maxInFlight: 1, maxBuffered: 1000 };

const record = (partition: number, topic = 't', bytes = 10): OutgoingRecord => ({
  topic,
  partition,
  key: null,
  value: Buffer.from('x'),
  headers: {},
  bytes,
});

describe('RecordBatcher', () => {
  it('coalesces concurrent records into one sendBatch and gives each its own offset', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, options);
    const deliveries = await Promise.all([record(0), record(1), record(0), record(0, 'u'), record(0)].map((r) => batcher.enqueue(r)));
    expect(broker.calls).toHaveLength(1);
    expect(deliveries).toEqual([
      { topic: 't', partition: 0, offset: '0' },
      { topic: 't', partition: 1, offset: '0' },
      { topic: 't', partition: 0, offset: '1' },
      { topic: 'u', partition: 0, offset: '0' },
      { topic: 't', partition: 0, offset: '2' },
    ]);
  });

  it('continues offsets across batches', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, options);
    await batcher.enqueue(record(2));
    await expect(batcher.enqueue(record(2))).resolves.toEqual({ topic: 't', partition: 2, offset: '1' });
  });

  it('bounds a batch by count and by bytes, and sends an oversized record alone', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, { ...options, maxRecords: 3, maxBytes: 100, maxInFlight: 8 });
    await Promise.all([1, 2, 3, 4].map(() => batcher.enqueue(record(0))));
    expect(broker.calls.map((c) => c[0].messages.length)).toEqual([3, 1]);

    broker.calls.length = 0;
    await Promise.all([record(0, 't', 60), record(0, 't', 60), record(0, 't', 500)].map((r) => batcher.enqueue(r)));
    expect(broker.calls.map((c) => c[0].messages.length)).toEqual([1, 1, 1]);
  });

  it('holds records while the in-flight limit is reached and sends them together afterwards', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, { ...options, lingerMs: 0 });
    broker.hold();
    const first = batcher.enqueue(record(0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const rest = [batcher.enqueue(record(0)), batcher.enqueue(record(0))];
    expect(batcher.buffered).toBe(2);
    broker.release();
    await Promise.all([first, ...rest]);
    expect(broker.calls.map((c) => c[0].messages.length)).toEqual([1, 2]);
  });

  it('rejects every record of a failed batch with the error', async () => {
    const broker = new FakeBroker();
    broker.failWith = new Error('broker down');
    const batcher = new RecordBatcher(broker.send, options);
    const results = await Promise.allSettled([batcher.enqueue(record(0)), batcher.enqueue(record(1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses records over the buffer limit', async () => {
    const broker = new FakeBroker();
    broker.hold();
    const batcher = new RecordBatcher(broker.send, { ...options, maxBuffered: 1, lingerMs: 1000 });
    const first = batcher.enqueue(record(0));
    await expect(batcher.enqueue(record(0))).rejects.toBeInstanceOf(BufferFullError);
    broker.release();
    await batcher.flush();
    await expect(first).resolves.toMatchObject({ offset: '0' });
  });

  it('close() flushes what is buffered without waiting for the linger, then refuses', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, { ...options, lingerMs: 60_000 });
    const pending = batcher.enqueue(record(0));
    await batcher.close();
    await expect(pending).resolves.toMatchObject({ offset: '0' });
    await expect(batcher.enqueue(record(0))).rejects.toBeInstanceOf(BatcherClosedError);
  });

  it('reports a null offset when the broker gives none (acks=0)', async () => {
    const batcher = new RecordBatcher(async () => [], options);
    await expect(batcher.enqueue(record(0))).resolves.toEqual({ topic: 't', partition: 0, offset: null });
  });

  it('withdraws a buffered record whose deadline passed, and never sends it', async () => {
    const broker = new FakeBroker();
    broker.hold();
    const batcher = new RecordBatcher(broker.send, { ...options, lingerMs: 0, deadlineMs: 30 });
    const sent = batcher.enqueue(record(0));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const withdrawn = batcher.enqueue(record(0));
    await Promise.all([expect(withdrawn).rejects.toBeInstanceOf(RecordCancelledError), expect(sent).rejects.toBeInstanceOf(AckTimeoutError)]);
    broker.release();
    await batcher.flush();
    expect(broker.calls.map((c) => c[0].messages.length)).toEqual([1]);
  });

  it('answers a sent record whose ack is late with AckTimeoutError, and keeps the batch in flight until the broker answers', async () => {
    const broker = new FakeBroker();
    broker.hold();
    const batcher = new RecordBatcher(broker.send, { ...options, lingerMs: 0, deadlineMs: 20 });
    const sent = batcher.enqueue(record(0));
    await expect(sent).rejects.toBeInstanceOf(AckTimeoutError);
    expect(batcher.batchesInFlight).toBe(1);
    broker.release();
    await batcher.flush();
    expect(batcher.batchesInFlight).toBe(0);
  });

  it('keeps the offsets of records acknowledged before their deadline', async () => {
    const broker = new FakeBroker();
    const batcher = new RecordBatcher(broker.send, { ...options, deadlineMs: 10_000 });
    const deliveries = await Promise.all([record(0), record(0), record(1)].map((r) => batcher.enqueue(r)));
    expect(deliveries.map((d) => d.offset)).toEqual(['0', '1', '0']);
  });

  it('rejects every way (failed send, deadline, full buffer, closed) with what rejectWith makes of the error, for that record', async () => {
    class Translated extends Error {
      constructor(
        readonly original: unknown,
        readonly topic: string,
      ) {
        super('translated');
      }
    }
    const broker = new FakeBroker();
    broker.failWith = new Error('broker down');
    const rejectWith = (error: unknown, r: OutgoingRecord) => new Translated(error, r.topic);
    const batcher = new RecordBatcher(broker.send, { ...options, lingerMs: 0, maxBuffered: 1, deadlineMs: 10_000, rejectWith });
    const failed = batcher.enqueue(record(0, 'a'));
    const full = batcher.enqueue(record(0, 'b'));
    await expect(full).rejects.toMatchObject({ topic: 'b', original: expect.any(BufferFullError) });
    await expect(failed).rejects.toMatchObject({ topic: 'a', original: broker.failWith });
    await batcher.close();
    await expect(batcher.enqueue(record(0, 'c'))).rejects.toMatchObject({ topic: 'c', original: expect.any(BatcherClosedError) });

    const slow = new FakeBroker();
    slow.hold();
    const late = new RecordBatcher(slow.send, { ...options, lingerMs: 0, deadlineMs: 20, rejectWith });
    await expect(late.enqueue(record(0, 'd'))).rejects.toMatchObject({ topic: 'd', original: expect.any(AckTimeoutError) });
    slow.release();
    await late.flush();
  });
});
