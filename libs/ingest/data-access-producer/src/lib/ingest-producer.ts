import { Logger } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Admin, type Kafka, type PartitionMetadata, type TopicMessages } from 'kafkajs';
import { errorChain, errorMessage, idempotentProducerConfig, SequenceSafeProducer } from '@kstream/kafka';
import { recordBytes } from './ingest-records';
import { PartitionAssigner } from './partition-assigner';
import { IngestBusyError, KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from './producer-errors';
import { AckTimeoutError, BatcherClosedError, BufferFullError, type Delivery, type OutgoingRecord, RecordBatcher, RecordCancelledError } from './record-batcher';
import { TopicMetadataCache } from './topic-metadata';

export interface RecordToSend {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  /** Pins a partition; otherwise the key (or round robin) decides. */
  readonly partition?: number;
}

/** How the producer batches and acknowledges; ingest-producer reads each from an `INGEST_*` variable. */
export interface IngestProducerSettings {
  /** `all` keeps the producer idempotent; `1` and `0` turn idempotence off (Kafka requires acks=all for it). */
  readonly acks: 'all' | '1' | '0';
  readonly compression: 'none' | 'gzip';
  readonly batchMaxRecords: number;
  readonly batchMaxBytes: number;
  readonly lingerMs: number;
  readonly maxInFlightBatches: number;
  readonly maxBufferedRecords: number;
  readonly ackTimeoutMs: number;
}

/** The defaults a user gets (`INGEST_*` unset); docs in ingest-producer's env class. */
export const DEFAULT_INGEST_PRODUCER_SETTINGS: IngestProducerSettings = {
  acks: 'all',
  compression: 'none',
  batchMaxRecords: 500,
  batchMaxBytes: 512 * 1024,
  lingerMs: 0,
  maxInFlightBatches: 4,
  maxBufferedRecords: 100_000,
  ackTimeoutMs: 15_000,
};

export interface IngestProducerHooks {
  /** After each sendBatch call, with what it carried and how it ended. */
  readonly onBatch?: (records: number, bytes: number, error?: unknown) => void;
}

const ACKS = { all: -1, '1': 1, '0': 0 } as const;
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
/** Kafka error codes of an ACL refusal. */
const AUTHORIZATION_FAILED = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

/**
 * One producer (idempotent, acks=all by default) behind a batcher. publish() resolves only once
 * the broker acknowledged the record, and rejects with an error that says whether the caller
 * should retry (`producer-errors.ts`).
 */
export class IngestProducer {
  protected readonly logger = new Logger('IngestProducer');
  private readonly producer: SequenceSafeProducer;
  private readonly admin: Admin;
  private readonly metadata: TopicMetadataCache;
  private readonly assigner = new PartitionAssigner();
  private readonly batcher: RecordBatcher;
  private lastFailure: string | undefined;

  constructor(
    kafka: Kafka,
    private readonly settings: IngestProducerSettings,
    hooks: IngestProducerHooks = {},
  ) {
    const idempotent = settings.acks === 'all';
    // Partitions are chosen before batching (PartitionAssigner); naming the partitioner silences kafkajs's v2 notice.
    this.producer = new SequenceSafeProducer(() => kafka.producer(idempotentProducerConfig({ idempotent, createPartitioner: Partitioners.DefaultPartitioner })), isTooLarge);
    this.admin = kafka.admin();
    this.metadata = new TopicMetadataCache(this.admin);
    this.batcher = new RecordBatcher((batch) => this.sendBatch(batch), {
      maxRecords: settings.batchMaxRecords,
      maxBytes: settings.batchMaxBytes,
      lingerMs: settings.lingerMs,
      maxInFlight: settings.maxInFlightBatches,
      maxBuffered: settings.maxBufferedRecords,
      deadlineMs: settings.ackTimeoutMs,
      onBatch: hooks.onBatch,
      rejectWith: (error, record) => this.translate(error, record.topic),
    });
  }

  /** Records taken and not yet sent. */
  get buffered(): number {
    return this.batcher.buffered;
  }

  /** kafkajs only emits DISCONNECT on disconnect(); a dead broker shows up as failing sends. */
  health(): { ok: boolean; detail: Record<string, unknown> } {
    const connected = this.producer.connected;
    return { ok: connected && this.lastFailure === undefined, detail: { connected, lastFailure: this.lastFailure ?? null, buffered: this.batcher.buffered } };
  }

  /** Starts connecting and returns at once, broker or not: the first batch connects again. */
  connectInBackground(): void {
    this.producer.connect().catch((error: Error) => this.logger.warn(`producer not connected yet: ${error.message}`));
  }

  /** Stop taking records and answer every one already taken. */
  async close(): Promise<void> {
    await this.batcher.close();
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /**
   * Resolves with the broker's ack, or rejects within `ackTimeoutMs`. Not async on purpose: with
   * the topic's metadata cached (the normal case) a record costs one promise and no timer; the
   * deadline is kept by the batcher, one timer per batch, and the batcher rejects with the
   * translated error (rejectWith).
   */
  publish(record: RecordToSend, bytes = recordBytes(record)): Promise<Delivery> {
    const partitions = this.metadata.cached(record.topic);
    if (partitions) {
      try {
        return this.batcher.enqueue(this.outgoing(record, partitions, bytes));
      } catch (error) {
        return Promise.reject(this.translate(error, record.topic));
      }
    }
    return this.publishAfterMetadata(record, bytes);
  }

  /** The first record of a topic (or one after a metadata failure): wait for metadata, bounded by the deadline. */
  private async publishAfterMetadata(record: RecordToSend, bytes: number): Promise<Delivery> {
    const ms = this.settings.ackTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not answer a metadata request within ${ms} ms; the record was not sent`)), ms);
    });
    let partitions: PartitionMetadata[];
    try {
      partitions = await Promise.race([this.metadata.partitions(record.topic), timeout]);
    } catch (error) {
      throw this.translate(error, record.topic);
    } finally {
      clearTimeout(timer);
    }
    // The batcher's deadline starts now, so the whole wait can reach twice the timeout at worst; metadata is cached after this.
    // outgoing() throws only PartitionOutOfRangeError, which callers get as it is; the batcher translates the rest.
    return this.batcher.enqueue(this.outgoing(record, partitions, bytes));
  }

  private outgoing(record: RecordToSend, partitions: PartitionMetadata[], bytes: number): OutgoingRecord {
    if (record.partition !== undefined && record.partition >= partitions.length) {
      throw new PartitionOutOfRangeError(record.topic, record.partition, partitions.length);
    }
    const partition = record.partition ?? this.assigner.assign(record.topic, partitions, record.key);
    return { topic: record.topic, partition, key: record.key, value: record.value, headers: record.headers, bytes };
  }

  private async sendBatch(topicMessages: TopicMessages[]) {
    try {
      // Connects first (SequenceSafeProducer): kafkajs gets the idempotent producer id only once
      // connect() resolved, and its CONNECT event comes before that (README, kafkajs notes).
      const metadata = await this.producer.sendBatch({
        topicMessages,
        acks: ACKS[this.settings.acks],
        timeout: this.settings.ackTimeoutMs,
        compression: this.settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
      this.lastFailure = undefined;
      return metadata;
    } catch (error) {
      if (!isTooLarge(error)) this.lastFailure = errorMessage(error);
      throw error;
    }
  }

  private translate(error: unknown, topic: string): Error {
    const ms = this.settings.ackTimeoutMs;
    if (error instanceof RecordCancelledError) return new KafkaUnavailableError(`Kafka did not take the record within ${ms} ms; it was not sent`, error);
    if (error instanceof AckTimeoutError) return new KafkaUnavailableError(`Kafka did not acknowledge the record within ${ms} ms; it was sent and may still be stored`, error);
    if (error instanceof KafkaUnavailableError || error instanceof IngestBusyError || error instanceof PartitionOutOfRangeError || error instanceof RecordTooLargeError) return error;
    if (isTooLarge(error)) return new RecordTooLargeError(`the broker refused the record as too large: ${errorMessage(error)}`);
    const denied = kafkaErrorType(error, AUTHORIZATION_FAILED);
    if (denied) {
      return new KafkaAuthorizationError(`Kafka refused to let this service write ${topic} (${denied}): its principal has no ACL for that; the record was not stored`, error);
    }
    if (error instanceof BufferFullError) return new IngestBusyError(error.message);
    if (error instanceof BatcherClosedError) return new KafkaUnavailableError(error.message, error);
    return new KafkaUnavailableError(`Kafka is unavailable, the record was not stored: ${errorMessage(error)}`, error);
  }
}

function isTooLarge(error: unknown): boolean {
  return kafkaErrorType(error, TOO_LARGE) !== undefined;
}

/** The first Kafka error type in `types` found in the error or what it wraps (kafkajs wraps the broker's error in its retry errors). */
function kafkaErrorType(error: unknown, types: ReadonlySet<string>): string | undefined {
  return errorChain(error).find((e) => types.has(e.type ?? ''))?.type;
}
