import { HttpStatus } from '@nestjs/common';
import { KafkaJSAggregateError, KafkaJSConnectionError, KafkaJSDeleteGroupsError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { kafkaErrorToHttp } from './kafka-errors';

const protocol = (type: string) => new KafkaJSProtocolError({ message: `${type} happened`, type, code: 1, retriable: false } as never);

describe('kafkaErrorToHttp', () => {
  it.each([
    ['TOPIC_ALREADY_EXISTS', HttpStatus.CONFLICT],
    ['UNKNOWN_TOPIC_OR_PARTITION', HttpStatus.NOT_FOUND],
    ['GROUP_ID_NOT_FOUND', HttpStatus.NOT_FOUND],
    ['INVALID_TOPIC_EXCEPTION', HttpStatus.BAD_REQUEST],
    ['INVALID_PARTITIONS', HttpStatus.BAD_REQUEST],
    ['INVALID_REPLICATION_FACTOR', HttpStatus.BAD_REQUEST],
    ['INVALID_CONFIG', HttpStatus.BAD_REQUEST],
    ['NON_EMPTY_GROUP', HttpStatus.CONFLICT],
  ])('maps %s to %i with the reason', (type, status) => {
    expect(kafkaErrorToHttp(protocol(type))).toMatchObject({ status, kafkaError: type, message: `${type} happened` });
  });

  it('looks inside aggregate, retry and per-group errors', () => {
    expect(kafkaErrorToHttp(new KafkaJSAggregateError('Topic creation errors', [protocol('INVALID_REPLICATION_FACTOR')])).status).toBe(400);
    const retried = new KafkaJSNumberOfRetriesExceeded(protocol('UNKNOWN_TOPIC_OR_PARTITION'), { retryCount: 5, retryTime: 100 });
    expect(kafkaErrorToHttp(retried).status).toBe(404);
    const groups = new KafkaJSDeleteGroupsError('Error in DeleteGroups', [{ groupId: 'g', errorCode: 68, error: protocol('NON_EMPTY_GROUP') }] as never);
    expect(kafkaErrorToHttp(groups).status).toBe(409);
  });

  it('answers 503 when the broker cannot be reached', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    expect(kafkaErrorToHttp(refused)).toMatchObject({ status: 503, message: expect.stringContaining('ECONNREFUSED') });
    expect(kafkaErrorToHttp(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 100 })).status).toBe(503);
  });

  it('leaves anything else a 500', () => {
    expect(kafkaErrorToHttp(new Error('boom'))).toMatchObject({ status: 500, message: 'boom' });
    expect(kafkaErrorToHttp('weird').status).toBe(500);
  });
});
