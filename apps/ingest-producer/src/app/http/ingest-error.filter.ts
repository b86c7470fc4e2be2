import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from '../producer/producer.errors';

type IngestError = KafkaUnavailableError | RecordTooLargeError | PartitionOutOfRangeError | KafkaAuthorizationError;

/** Producer errors as HTTP answers: 503 means retry later, 413 and 400 mean fix the input, 403 fix the ACLs. */
@Catch(KafkaUnavailableError, RecordTooLargeError, PartitionOutOfRangeError, KafkaAuthorizationError)
export class IngestErrorFilter implements ExceptionFilter<IngestError> {
  catch(error: IngestError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorResponse(error);
    if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', '5');
    res.status(status).json(body);
  }
}

export function errorResponse(error: IngestError): { status: number; body: Record<string, unknown> } {
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
