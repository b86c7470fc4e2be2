import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  describe('secrets and TLS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-env-'));
    const scram = { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'svc', KAFKA_SSL: 'true' };

    it('reads the SASL password from the file KAFKA_SASL_PASSWORD_FILE names, without its trailing newline', () => {
      const file = join(dir, 'password');
      writeFileSync(file, 's3cret-from-file\n');
      expect(loadKafkaEnv({ ...scram, KAFKA_SASL_PASSWORD_FILE: file }).KAFKA_SASL_PASSWORD).toBe('s3cret-from-file');
    });

    it('refuses both the password and its file, and a missing or empty file, naming the path but no content', () => {
      const file = join(dir, 'both');
      writeFileSync(file, 'from-file-value');
      expect(() => loadKafkaEnv({ ...scram, KAFKA_SASL_PASSWORD: 'inline-value', KAFKA_SASL_PASSWORD_FILE: file })).toThrow(/both set/);
      expect(() => loadKafkaEnv({ ...scram, KAFKA_SASL_PASSWORD_FILE: join(dir, 'nope') })).toThrow(/cannot read it \(ENOENT\)/);
      const empty = join(dir, 'empty');
      writeFileSync(empty, '\n');
      expect(() => loadKafkaEnv({ ...scram, KAFKA_SASL_PASSWORD_FILE: empty })).toThrow(/empty/);
      try {
        loadKafkaEnv({ ...scram, KAFKA_SASL_PASSWORD: 'inline-value', KAFKA_SASL_PASSWORD_FILE: file });
      } catch (error) {
        expect((error as Error).message).not.toMatch(/inline-value|from-file-value/);
      }
    });

    it('has no switch to skip verifying the broker certificate', () => {
      expect(() => loadKafkaEnv({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toThrow(/always verified/);
      expect(loadKafkaEnv({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'true' }).KAFKA_SSL).toBe(true);
    });

    it('refuses SASL/PLAIN without TLS, which would send the password in clear', () => {
      expect(() => loadKafkaEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(/needs TLS/);
    });
  });
});
