import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Admin, type Kafka, type PartitionMetadata, type TopicMessages } from 'kafkajs';
import { errorChain, errorMessage, idempotentProducerConfig, KAFKA_CLIENT, SequenceSafeProducer } from '@kstream/kafka';
import { HealthRegistry } from '@kstream/observability';
import { INGEST_ENV } from '../config/ingest.tokens';
import type { IngestEnv } from '../config/ingest.env';
import { IngestMetrics } from '../metrics/ingest.metrics';
import { AckTimeoutError, BatcherClosedError, BufferFullError, type Delivery, type OutgoingRecord, PartitionAssigner, RecordBatcher, recordBytes, RecordCancelledError, TopicMetadataCache } from '@kstream/ingest-data-access-producer';
import { IngestBusyError, KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from './producer.errors';

export interface RecordToSend {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  /** Pins a partition; otherwise the key (or round robin) decides. */
  readonly partition?: number;
}

const ACKS = { all: -1, '1': 1, '0': 0 } as const;
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * The app's one producer (idempotent, acks=all by default) behind a batcher. publish()
 * resolves only once the broker acknowledged the record, and rejects with an error that
 * says whether the caller should retry.
 */
@Injectable()
export class ProducerService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ProducerService.name);
  private readonly producer: SequenceSafeProducer;
  private readonly admin: Admin;
  private readonly metadata: TopicMetadataCache;
  private readonly assigner = new PartitionAssigner();
  private readonly batcher: RecordBatcher;
  private lastFailure: string | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(INGEST_ENV) private readonly env: IngestEnv,
    private readonly health: HealthRegistry,
    private readonly metrics: IngestMetrics,
  ) {
    const idempotent = env.INGEST_ACKS === 'all';
    // Partitions are chosen before batching (PartitionAssigner); naming the partitioner silences kafkajs's v2 notice.
    this.producer = new SequenceSafeProducer(() => kafka.producer(idempotentProducerConfig({ idempotent, createPartitioner: Partitioners.DefaultPartitioner })), isTooLarge);
    this.admin = kafka.admin();
    this.metadata = new TopicMetadataCache(this.admin);
    this.batcher = new RecordBatcher((batch) => this.sendBatch(batch), {
      maxRecords: env.INGEST_BATCH_MAX_RECORDS,
      maxBytes: env.INGEST_BATCH_MAX_BYTES,
      lingerMs: env.INGEST_LINGER_MS,
      maxInFlight: env.INGEST_MAX_IN_FLIGHT_BATCHES,
      maxBuffered: env.INGEST_MAX_BUFFERED_RECORDS,
      deadlineMs: env.INGEST_ACK_TIMEOUT_MS,
      onBatch: (records, bytes, error) => this.metrics.batchSent(records, bytes, error),
      rejectWith: (error, record) => this.translate(error, record.topic),
    });
    metrics.observeBuffer(() => this.batcher.buffered);
  }

  async onModuleInit(): Promise<void> {
    this.health.register('kafka-producer', () => {
      // kafkajs only emits DISCONNECT on disconnect(); a dead broker shows up as failing sends.
      const connected = this.producer.connected;
      const ok = connected && this.lastFailure === undefined;
      return { ok, detail: { connected, lastFailure: this.lastFailure ?? null, buffered: this.batcher.buffered } };
    });
    // Start even when the broker is away, without waiting for kafkajs's connection retries:
    // /health says so, and the first batch connects again.
    this.producer.connect().catch((error: Error) => this.logger.warn(`producer not connected yet: ${error.message}`));
  }

  /** Stop taking records and answer every one already taken, before the HTTP server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  /**
   * Resolves with the broker's ack, or rejects within INGEST_ACK_TIMEOUT_MS. Not async on
   * purpose: with the topic's metadata cached (the normal case) a record costs one promise
   * and no timer; the deadline is kept by the batcher, one timer per batch, and the batcher
   * rejects with the translated error (rejectWith).
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
    const ms = this.env.INGEST_ACK_TIMEOUT_MS;
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
        acks: ACKS[this.env.INGEST_ACKS],
        timeout: this.env.INGEST_ACK_TIMEOUT_MS,
        compression: this.env.INGEST_COMPRESSION === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
      this.lastFailure = undefined;
      return metadata;
    } catch (error) {
      if (!isTooLarge(error)) this.lastFailure = errorMessage(error);
      throw error;
    }
  }

  private translate(error: unknown, topic: string): Error {
    const ms = this.env.INGEST_ACK_TIMEOUT_MS;
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

/** Kafka error codes of an ACL refusal. */
const AUTHORIZATION_FAILED = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

/** The first Kafka error type in `types` found in the error or what it wraps (kafkajs wraps the broker's error in its retry errors). */
function kafkaErrorType(error: unknown, types: ReadonlySet<string>): string | undefined {
  return errorChain(error).find((e) => types.has(e.type ?? ''))?.type;
}
