import { loadKafkaEnv } from '../env/kafka-env';
import { accessError, KafkaAccessError, verifyKafkaAccess } from './kafka-access';

const env = loadKafkaEnv({
  KAFKA_BROKERS: 'kafka.example:9093',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-256',
  KAFKA_SASL_USERNAME: 'word-count',
  KAFKA_SASL_PASSWORD: 'not-this-one-123',
});

describe('accessError', () => {
  it('names the user, the mechanism and the settings to check when SASL fails, never the password', () => {
    const sasl = Object.assign(new Error('SASL SCRAM SHA256 authentication failed: invalid credentials'), { name: 'KafkaJSSASLAuthenticationError' });
    const error = accessError(sasl, env);
    expect(error).toBeInstanceOf(KafkaAccessError);
    expect(error?.message).toContain('refused the credentials of user "word-count" (SCRAM-SHA-256)');
    expect(error?.message).toContain('KAFKA_SASL_PASSWORD_FILE');
    expect(error?.message).not.toContain('not-this-one-123');
  });

  it('points at KAFKA_SSL_CA_FILE when the certificate does not verify, also inside kafkajs wrappers', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const wrapped = Object.assign(new Error('Connection error'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: Object.assign(new Error('x'), { cause: tls }) });
    expect(accessError(wrapped, env)?.message).toMatch(/did not verify \(SELF_SIGNED_CERT_IN_CHAIN.*set KAFKA_SSL_CA_FILE/);
  });

  it('leaves other errors (an unreachable broker) to the caller', () => {
    expect(accessError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), env)).toBeUndefined();
  });
});

describe('verifyKafkaAccess', () => {
  it('does nothing on a plain connection, where nothing can be refused', async () => {
    await expect(verifyKafkaAccess(loadKafkaEnv({}), 'app')).resolves.toEqual({ verified: false, detail: 'no TLS or SASL configured' });
  });
});
