import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { IngestBusyError, KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from '@kstream/ingest-data-access-producer';

/** The producer's errors that become HTTP answers (the filter's list and the batch path's test, one list). */
const INGEST_ERRORS = [KafkaUnavailableError, IngestBusyError, RecordTooLargeError, PartitionOutOfRangeError, KafkaAuthorizationError] as const;

export type IngestError = InstanceType<(typeof INGEST_ERRORS)[number]>;

export const isIngestError = (error: unknown): error is IngestError => INGEST_ERRORS.some((type) => error instanceof type);

/** Seconds a client should wait before sending again: a full buffer drains in about a second, a broker takes longer. */
export function retryAfterSeconds(status: number): string | undefined {
  if (status === HttpStatus.TOO_MANY_REQUESTS) return '1';
  if (status === HttpStatus.SERVICE_UNAVAILABLE) return '5';
  return undefined;
}

/** Producer errors as HTTP answers: 429 and 503 mean retry later, 413 and 400 mean fix the input, 403 fix the ACLs. */
@Catch(...INGEST_ERRORS)
export class IngestErrorFilter implements ExceptionFilter<IngestError> {
  catch(error: IngestError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorResponse(error);
    const retryAfter = retryAfterSeconds(status);
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    res.status(status).json(body);
  }
}

export function errorResponse(error: IngestError): { status: number; body: Record<string, unknown> } {
  if (error instanceof IngestBusyError) {
    return { status: 429, body: { statusCode: 429, error: 'Too Many Requests', message: error.message } };
  }
  if (error instanceof RecordTooLargeError) {
    return { status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: error.message, field: error.field } };
  }
  if (error instanceof KafkaAuthorizationError) {
    return { status: 403, body: { statusCode: 403, error: 'Forbidden', message: error.message } };
  }
  if (error instanceof PartitionOutOfRangeError) {
    return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: error.message, field: error.field } };
  }
  return { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: error.message } };
}
