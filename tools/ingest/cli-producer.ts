import { Kafka, Partitioners, type Admin, type Producer } from 'kafkajs';
import { errorChain, idempotentProducerConfig, kafkaClientConfig, type KafkaEnv } from '@kstream/kafka';
import { AckTimeoutError, type BuiltRecord, type Delivery, PartitionAssigner, RecordBatcher, recordBytes, RecordCancelledError, TopicMetadataCache } from '@kstream/ingest-data-access-producer';

/**
 * The command line's producer: the same idempotent acks=all producer, partitioner and
 * batcher as the HTTP service, so a line piped in lands exactly where a POST would put it.
 */
export class CliProducer {
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly metadata: TopicMetadataCache;
  private readonly assigner = new PartitionAssigner();
  private readonly batcher: RecordBatcher;

  constructor(
    private readonly env: KafkaEnv,
    private readonly timeoutMs: number,
  ) {
    const kafka = new Kafka(kafkaClientConfig(env, 'ingest-cli'));
    // Partitions are chosen before batching; naming the partitioner also silences kafkajs's v2 notice.
    this.producer = kafka.producer(idempotentProducerConfig({ createPartitioner: Partitioners.DefaultPartitioner }));
    this.admin = kafka.admin();
    this.metadata = new TopicMetadataCache(this.admin);
    this.batcher = new RecordBatcher((topicMessages) => this.producer.sendBatch({ topicMessages, acks: -1, timeout: timeoutMs }), {
      maxRecords: 500,
      maxBytes: 1024 * 1024,
      lingerMs: 5,
      maxInFlight: 4,
      maxBuffered: 1_000_000,
      deadlineMs: timeoutMs,
    });
  }

  get buffered(): number {
    return this.batcher.buffered;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async send(topic: string, record: BuiltRecord): Promise<Delivery> {
    let partitions = this.metadata.cached(topic);
    try {
      partitions ??= await this.fetchPartitions(topic);
    } catch (error) {
      throw this.refusal(error, topic) ?? error;
    }
    if (record.partition !== undefined && record.partition >= partitions.length) {
      throw new Error(`${topic} has ${partitions.length} partitions; ${record.partition} does not exist`);
    }
    const partition = record.partition ?? this.assigner.assign(topic, partitions, record.key);
    try {
      return await this.batcher.enqueue({ topic, partition, key: record.key, value: record.value, headers: record.headers, bytes: recordBytes(record) });
    } catch (error) {
      if (error instanceof RecordCancelledError) throw new Error(`not sent within ${this.timeoutMs} ms: is the broker reachable?`);
      if (error instanceof AckTimeoutError) throw new Error(`not acknowledged within ${this.timeoutMs} ms (sent; it may still be stored)`);
      throw this.refusal(error, topic) ?? error;
    }
  }

  /** An ACL refusal, said as one: the topic, the principal and what it lacks (kafkajs says only "Not authorized to access topics"). */
  private refusal(error: unknown, topic: string): Error | undefined {
    const denied = errorChain(error).find((e) => e.type === 'TOPIC_AUTHORIZATION_FAILED' || e.type === 'CLUSTER_AUTHORIZATION_FAILED');
    if (!denied) return undefined;
    const who = this.env.KAFKA_SASL_USERNAME ? `principal User:${this.env.KAFKA_SASL_USERNAME}` : 'this client';
    return new Error(`Kafka refused ${who} on ${topic} (${denied.type}): it needs DESCRIBE and WRITE on that topic; nothing was stored`);
  }

  /** The batcher keeps the ack deadline; this bounds the metadata wait of a topic's first record. */
  private async fetchPartitions(topic: string) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not sent within ${this.timeoutMs} ms: no topic metadata from the broker`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.metadata.partitions(topic), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Flushes what is buffered, then disconnects. */
  async close(): Promise<void> {
    await this.batcher.close();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
