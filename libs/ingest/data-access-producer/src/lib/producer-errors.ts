import { KstreamError } from '@kstream/kafka';
/** Errors the HTTP layer turns into status codes; each says what the caller can do about it. */

/** The broker is down, unreachable, or did not acknowledge in time: retry later (503). */
export class KafkaUnavailableError extends KstreamError {
  constructor(message: string, readonly cause?: unknown) {
    super(message, true);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * The cluster refused this service's principal on the topic (its ACLs do not allow it):
 * retrying will not help until an operator grants the access (403).
 */
export class KafkaAuthorizationError extends KstreamError {
  constructor(message: string, readonly cause?: unknown) {
    super(message, false);
    this.name = 'KafkaAuthorizationError';
  }
}

/**
 * The producer's buffer is full (INGEST_MAX_BUFFERED_RECORDS records wait for the broker): the
 * caller sends faster than Kafka takes records. Nothing was queued; retry after a second (429).
 */
export class IngestBusyError extends KstreamError {
  constructor(message: string) {
    super(message, true);
    this.name = 'IngestBusyError';
  }
}

/** The record is larger than the configured or the broker's limit (413). */
export class RecordTooLargeError extends KstreamError {
  constructor(message: string, readonly field?: string) {
    super(message, false);
    this.name = 'RecordTooLargeError';
  }
}

/** The caller pinned a partition the topic does not have (400 on `partition`). */
export class PartitionOutOfRangeError extends KstreamError {
  readonly field = 'partition';

  constructor(topic: string, partition: number, count: number) {
    super(`partition: ${topic} has ${count} partitions (0-${count - 1}); ${partition} does not exist`, false);
    this.name = 'PartitionOutOfRangeError';
  }
}
