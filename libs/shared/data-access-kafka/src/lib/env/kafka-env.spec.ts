import { loadKafkaEnv } from './kafka-env';
import { EnvValidationError } from './load-env';

describe('loadKafkaEnv', () => {
  it('has defaults that reach the local broker', () => {
    const env = loadKafkaEnv({});
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(env.KAFKA_SSL).toBe(false);
    expect(env.KAFKA_REPLICATION_FACTOR).toBe(1);
  });

  it('parses lists, booleans and numbers', () => {
    const env = loadKafkaEnv({ KAFKA_BROKERS: 'a:1, b:2', KAFKA_SSL: 'true', KAFKA_REQUEST_TIMEOUT_MS: '5000' });
    expect(env.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(env.KAFKA_SSL).toBe(true);
    expect(env.KAFKA_REQUEST_TIMEOUT_MS).toBe(5000);
  });

  it('reports every bad variable at once, hiding secrets', () => {
    const load = () =>
      loadKafkaEnv({ KAFKA_BROKERS: 'nohost', KAFKA_SSL: 'maybe', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'hunter2' });
    expect(load).toThrow(EnvValidationError);
    try {
      load();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('KAFKA_BROKERS ("nohost")');
      expect(message).toContain('KAFKA_SSL ("maybe")');
      expect(message).toContain('KAFKA_SASL_USERNAME is required');
      expect(message).not.toContain('hunter2');
    }
  });

  it('refuses a CA file that does not exist', () => {
    expect(() => loadKafkaEnv({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/no such file/);
  });
});
