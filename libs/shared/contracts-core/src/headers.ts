/** Header names and values shared by every producer and consumer of the stack. */
export const HEADERS = {
  contentType: 'content-type',
  id: 'id',
  producedAt: 'produced-at',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/** Headers a DLQ record carries on top of the original ones (docs/architecture.md, "Payloads"). */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  service: 'dlq-service',
  failedAt: 'dlq-failed-at',
} as const;

export const DLQ_HEADER_NAMES: readonly string[] = Object.values(DLQ_HEADERS);
