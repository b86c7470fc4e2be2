import { KafkaAuthorizationError, KafkaUnavailableError, PartitionOutOfRangeError, RecordTooLargeError } from '../producer/producer.errors';
import { errorResponse } from './ingest-error.filter';

describe('errorResponse', () => {
  it('tells the caller what to do: 503 retry, 413 and 400 fix the input, 403 fix the ACLs', () => {
    expect(errorResponse(new KafkaUnavailableError('down')).status).toBe(503);
    expect(errorResponse(new RecordTooLargeError('big', 'text')).status).toBe(413);
    expect(errorResponse(new PartitionOutOfRangeError('t', 5, 3)).status).toBe(400);
    const denied = errorResponse(new KafkaAuthorizationError('Kafka refused to let this service write t (TOPIC_AUTHORIZATION_FAILED)'));
    expect(denied).toEqual({ status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Kafka refused to let this service write t (TOPIC_AUTHORIZATION_FAILED)' } });
  });
});
