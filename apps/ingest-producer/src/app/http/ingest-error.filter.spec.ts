import { IngestBusyError, KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from '@kstream/ingest-data-access-producer';
import { errorResponse, retryAfterSeconds } from './ingest-error.filter';

describe('errorResponse', () => {
  it('tells the caller what to do: 503 retry, 413 and 400 fix the input, 403 fix the ACLs', () => {
    expect(errorResponse(new KafkaUnavailableError('down')).status).toBe(503);
    expect(errorResponse(new RecordTooLargeError('big', 'text')).status).toBe(413);
    expect(errorResponse(new PartitionOutOfRangeError('t', 5, 3)).status).toBe(400);
    const denied = errorResponse(new KafkaAuthorizationError('Kafka refused to let this service write t (TOPIC_AUTHORIZATION_FAILED)'));
    expect(denied).toEqual({ status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Kafka refused to let this service write t (TOPIC_AUTHORIZATION_FAILED)' } });
  });

  it("answers a full producer buffer with 429, to retry after a second, and an unavailable broker after five", () => {
    expect(errorResponse(new IngestBusyError('the producer buffer holds 10 records'))).toEqual({ status: 429, body: { statusCode: 429, error: 'Too Many Requests', message: 'the producer buffer holds 10 records' } });
    expect(retryAfterSeconds(429)).toBe('1');
    expect(retryAfterSeconds(503)).toBe('5');
    expect(retryAfterSeconds(400)).toBeUndefined();
  });
});
