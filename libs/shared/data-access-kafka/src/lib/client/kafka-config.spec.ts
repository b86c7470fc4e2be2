import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { loadKafkaEnv } from '../env/kafka-env';
import { consumerConfig, idempotentProducerConfig, kafkaClientConfig, nestLogCreator } from './kafka-config';

describe('kafkaClientConfig', () => {
  it('wires SASL/SCRAM and TLS from the environment', () => {
    const env = loadKafkaEnv({
      KAFKA_BROKERS: 'kafka:9093',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'secret',
      KAFKA_SSL: 'yes',
    });
    const config = kafkaClientConfig(env, 'app');
    expect(config.brokers).toEqual(['kafka:9093']);
    expect(config.clientId).toBe('app');
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'svc', password: 'secret' });
    expect(config.ssl).toEqual({ rejectUnauthorized: true });
  });

  it('verifies the broker certificate against the CA file', () => {
    const config = kafkaClientConfig(loadKafkaEnv({ KAFKA_SSL_CA_FILE: __filename }), 'app');
    expect(config.ssl).toEqual({ rejectUnauthorized: true, ca: [expect.stringContaining('kafkaClientConfig')] });
  });

  it('lets KAFKA_CLIENT_ID override the app name', () => {
    expect(kafkaClientConfig(loadKafkaEnv({ KAFKA_CLIENT_ID: 'x1' }), 'app').clientId).toBe('x1');
  });
});

describe('producer and consumer defaults', () => {
  it('makes the producer idempotent with one request in flight', () => {
    expect(idempotentProducerConfig()).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
  });

  it('names the group exactly and waits briefly', () => {
    expect(consumerConfig('word-count')).toMatchObject({ groupId: 'word-count', maxWaitTimeInMs: 250 });
  });
});

describe('nestLogCreator', () => {
  it("routes kafkajs lines through Nest's Logger, with their fields and without kafkajs's own timestamp", () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = nestLogCreator(logLevel.INFO);
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Connection error', broker: 'b:1' } });
    log({ namespace: '', level: logLevel.WARN, label: 'WARN', log: { timestamp: 't', logger: 'kafkajs', message: 'slow' } });
    expect(error).toHaveBeenCalledWith('Connection error {"broker":"b:1"}');
    expect(warn).toHaveBeenCalledWith('slow');
    error.mockRestore();
    warn.mockRestore();
  });

  it('logs the retried CONCURRENT_TRANSACTIONS answers at debug, not as errors', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const log = nestLogCreator(logLevel.DEBUG);
    const concurrent = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Response AddPartitionsToTxn(key: 24, version: 1)', error: concurrent } });
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: `Failed to send messages: ${concurrent}`, retryCount: 0 } });
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Failed to send messages', error: 'This is not the correct coordinator' } });
    expect(debug).toHaveBeenCalledWith(`Response AddPartitionsToTxn(key: 24, version: 1) {"error":"${concurrent}"}`);
    expect(debug).toHaveBeenCalledWith(`Failed to send messages: ${concurrent} {"retryCount":0}`);
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Failed to send messages', error: 'Broker refused' } });
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('Failed to send messages {"error":"Broker refused"}');
    error.mockRestore();
    debug.mockRestore();
  });

  it("logs kafkajs's notice about bounded retries, which every producer here has on purpose, at debug", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    nestLogCreator(logLevel.INFO)({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: { timestamp: 't', logger: 'kafkajs', message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' } });
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith('Limiting retries for the idempotent producer may invalidate EoS guarantees');
    warn.mockRestore();
    debug.mockRestore();
  });

  it('logs broker states that pass by themselves (a loading coordinator at start-up) as warnings without a stack', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = nestLogCreator(logLevel.INFO);
    const loading = "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests";
    log({ namespace: 'Consumer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: loading, groupId: 'g', retryCount: 0, stack: 'KafkaJSProtocolError: …\n at …' } });
    log({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Failed to send messages', error: 'This is not the correct coordinator' } });
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', logger: 'kafkajs', message: 'Response GroupCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available' } });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledWith(`${loading} (a passing broker state; kafkajs retries) {"groupId":"g","retryCount":0}`);
    expect(warn).toHaveBeenCalledWith('Failed to send messages (a passing broker state; kafkajs retries) {"error":"This is not the correct coordinator"}');
    error.mockRestore();
    warn.mockRestore();
  });
});
