import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { AnswerCheck } from './answer-check';

/**
 * An idempotent kafkajs producer that never reuses a sequence number the broker may hold.
 *
 * kafkajs (2.2.4, producer/sendMessages.js) hands a partition's next sequence number to a produce
 * request and takes it back when the request fails, even when the broker did append the batch and
 * only the answer was lost (broker killed or paused, connection closed, request timeout). The next
 * batch for that partition then goes out with the same producer id and sequence number; the broker
 * takes it for a retry of the batch it holds, answers with that batch's offset and drops the new
 * records. The caller gets an ack for records that are not stored. Two sendBatch calls in flight
 * make it worse: one can take the returned number between the other's retries.
 *
 * So sends go one at a time, and after a failed one the producer is replaced: a new producer id
 * (InitProducerId) starts every sequence at 0, so nothing sent later can pass for a duplicate.
 */
export class SequenceSafeProducer {
  private producer: Producer;
  private connecting?: Promise<void>;
  private ready = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Producers replaced after a failed send, for logs and tests. */
  replaced = 0;
  private readonly answers = new AnswerCheck();

  /**
   * @param refused tells the errors for which the broker refused the whole batch without appending
   *   it (a record too large): its sequence number is free again and the producer can stay.
   */
  constructor(
    private readonly create: () => Producer,
    private readonly refused: (error: unknown) => boolean = () => false,
  ) {
    this.producer = create();
  }

  /**
   * True once connect() resolved. kafkajs fetches the idempotent producer id inside connect() but
   * emits its CONNECT event before that; a batch sent in that gap takes no broker lock and fails in
   * releaseBrokerLock ("reading 'release'"), so sends wait for connect() itself.
   */
  get connected(): boolean {
    return this.ready;
  }

  connect(): Promise<void> {
    if (this.ready) return Promise.resolve();
    const producer = this.producer;
    this.connecting ??= producer
      .connect()
      .then(() => {
        if (producer === this.producer) this.ready = true;
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** One sendBatch at a time, each on a connected producer; a failure retires the producer. */
  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    const run = this.queue.then(async () => {
      await this.connect();
      const producer = this.producer;
      let metadata: RecordMetadata[];
      try {
        metadata = await producer.sendBatch(batch);
      } catch (error) {
        if (!this.refused(error)) this.retire(producer);
        throw error;
      }
      try {
        if (batch.acks !== 0) this.confirm(batch, metadata);
      } catch (error) {
        this.retire(producer);
        throw error;
      }
      return metadata;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The answer must confirm every partition the batch wrote, past this producer's earlier batches
   * there (AnswerCheck). The reliability suite's leader kill on three brokers caught kafkajs reusing
   * a sequence number: an id acked at the offset of another acked id, and lost (docs/reliability.md,
   * finding 9). Such a batch fails (503, indeterminate) and the producer is replaced.
   */
  private confirm(batch: ProducerBatch, metadata: RecordMetadata[]): void {
    // Distinct partitions per topic, without a string per record.
    const written: { topic: string; partition: number }[] = [];
    for (const { topic, messages } of batch.topicMessages ?? []) {
      const partitions = new Set<number>();
      for (const { partition } of messages) if (partition !== undefined) partitions.add(partition);
      for (const partition of partitions) written.push({ topic, partition });
    }
    this.answers.check(metadata, written);
  }

  async disconnect(): Promise<void> {
    await this.queue;
    this.ready = false;
    await this.producer.disconnect();
  }

  private retire(producer: Producer): void {
    if (producer !== this.producer) return;
    // The successor's producer id is new: the broker cannot take its batches for the old one's, and
    // a partition that went back to lower offsets (a topic deleted and created again) is accepted.
    this.answers.reset();
    this.producer = this.create();
    this.ready = false;
    this.connecting = undefined;
    this.replaced++;
    void producer.disconnect().catch(() => undefined);
    // Connect the successor now, so /health shows the real state and the next send does not wait for it.
    this.connect().catch(() => undefined);
  }
}

