import { Expose } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ToInt } from '@kstream/kafka';
import { HttpEnv } from '@kstream/observability';
import { DEFAULT_INGEST_PRODUCER_SETTINGS, type IngestProducerSettings } from '@kstream/ingest-data-access-producer';

const MiB = 1024 * 1024;

export const ACKS = ['all', '1', '0'] as const;
export type Acks = (typeof ACKS)[number];
/** kafkajs ships gzip only; snappy/lz4/zstd need codecs it does not bundle. */
export const COMPRESSIONS = ['none', 'gzip'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** ingest-producer settings; every one can be set by an environment variable of the same name. */
export class IngestEnv extends HttpEnv {
  override PORT = 3001;

  /** Largest record (value + key + headers) accepted; 413 above it. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(16)
  @Max(64 * MiB)
  INGEST_MAX_RECORD_BYTES = MiB;

  /** Largest request body accepted; 413 above it. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(16)
  @Max(512 * MiB)
  INGEST_MAX_REQUEST_BYTES = 16 * MiB;

  /**
   * `all` keeps the idempotent producer and the "2xx means replicated" promise; `1` and `0`
   * turn idempotence off (Kafka requires acks=all for it) and are meant for load experiments.
   */
  @Expose()
  @IsIn(ACKS)
  INGEST_ACKS: Acks = DEFAULT_INGEST_PRODUCER_SETTINGS.acks;

  @Expose()
  @IsIn(COMPRESSIONS)
  INGEST_COMPRESSION: Compression = DEFAULT_INGEST_PRODUCER_SETTINGS.compression;

  /** Records per sendBatch call. kafkajs groups messages in O(n²) per partition, so keep it modest. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  INGEST_BATCH_MAX_RECORDS = DEFAULT_INGEST_PRODUCER_SETTINGS.batchMaxRecords;

  /**
   * Bytes per sendBatch call; a record larger than this still goes, alone. Kept well under the
   * broker's message.max.bytes (1 MiB by default, per partition batch, record overhead included):
   * if a batch went over it, the broker would refuse every record in it, not just the big one.
   */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1024)
  @Max(64 * MiB)
  INGEST_BATCH_MAX_BYTES = DEFAULT_INGEST_PRODUCER_SETTINGS.batchMaxBytes;

  /**
   * How long a record may wait for others to share its sendBatch call. 0 (the default): none
   * beyond the current event-loop turn; records still share calls under load, queueing while
   * INGEST_MAX_IN_FLIGHT_BATCHES calls are out. A linger would only add to every answer's latency.
   */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(1000)
  INGEST_LINGER_MS = DEFAULT_INGEST_PRODUCER_SETTINGS.lingerMs;

  /** sendBatch calls in flight at once; more queue in the buffer. */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(64)
  INGEST_MAX_IN_FLIGHT_BATCHES = DEFAULT_INGEST_PRODUCER_SETTINGS.maxInFlightBatches;

  /** Records waiting for a sendBatch slot before new ones are refused with 429 (Retry-After: 1). */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  INGEST_MAX_BUFFERED_RECORDS = DEFAULT_INGEST_PRODUCER_SETTINGS.maxBufferedRecords;

  /** A request not acknowledged within this time gets a 503 (the record may still land later). */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(300_000)
  INGEST_ACK_TIMEOUT_MS = DEFAULT_INGEST_PRODUCER_SETTINGS.ackTimeoutMs;
}

/** The producer's part of the settings. */
export function ingestProducerSettings(env: IngestEnv): IngestProducerSettings {
  return {
    acks: env.INGEST_ACKS,
    compression: env.INGEST_COMPRESSION,
    batchMaxRecords: env.INGEST_BATCH_MAX_RECORDS,
    batchMaxBytes: env.INGEST_BATCH_MAX_BYTES,
    lingerMs: env.INGEST_LINGER_MS,
    maxInFlightBatches: env.INGEST_MAX_IN_FLIGHT_BATCHES,
    maxBufferedRecords: env.INGEST_MAX_BUFFERED_RECORDS,
    ackTimeoutMs: env.INGEST_ACK_TIMEOUT_MS,
  };
}
