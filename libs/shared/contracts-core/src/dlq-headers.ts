import { VIOLATION_REASONS, type ViolationReason } from './common/decode-result';
import { DLQ_HEADERS } from './headers';

/**
 * Reasons beyond the decoding ones: a record that kept failing after bounded retries, and an Avro
 * record whose schema the registry could not give for as long as the service waits for it.
 */
export type DlqReason = ViolationReason | 'processing-failed' | 'schema-registry-unavailable';

/** Every value the `dlq-reason` header can take. */
export const DLQ_REASONS: readonly DlqReason[] = [...VIOLATION_REASONS, 'processing-failed', 'schema-registry-unavailable'];

export interface DlqOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * The headers a dead letter carries next to the original ones. The original key,
 * value and headers are kept byte for byte so a redrive sends exactly what came in.
 */
export function dlqHeaders(
  origin: DlqOrigin,
  reason: DlqReason,
  error: string,
  service: string,
  failedAt: Date = new Date(),
): Record<string, string> {
  return {
    [DLQ_HEADERS.reason]: reason,
    [DLQ_HEADERS.error]: error.slice(0, 1024),
    [DLQ_HEADERS.sourceTopic]: origin.topic,
    [DLQ_HEADERS.sourcePartition]: String(origin.partition),
    [DLQ_HEADERS.sourceOffset]: origin.offset,
    [DLQ_HEADERS.service]: service,
    [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
  };
}
