import { Kafka, logLevel } from 'kafkajs';
import type { KafkaEnv } from '../env/kafka-env';
import { errorChain, errorMessage, KstreamError } from '../errors';
import { kafkaClientConfig } from './kafka-config';

/**
 * The cluster refused who we are or we refused its certificate: retrying cannot help and
 * the fix is in the configuration, so the app stops at start-up and says which setting.
 */
export class KafkaAccessError extends KstreamError {
  constructor(message: string) {
    super(message, false);
    this.name = 'KafkaAccessError';
  }
}

/** Node's codes for a certificate that does not verify against the trusted CAs or the host name. */
const TLS_VERIFY_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A KafkaAccessError for an authentication or certificate failure; undefined for anything else. */
export function accessError(error: unknown, env: KafkaEnv): KafkaAccessError | undefined {
  const errors = errorChain(error);
  const brokers = env.KAFKA_BROKERS.join(',');
  const sasl = errors.find((e) => e.name === 'KafkaJSSASLAuthenticationError');
  if (sasl) {
    return new KafkaAccessError(
      `Kafka at ${brokers} refused the credentials of user "${env.KAFKA_SASL_USERNAME}" (${env.KAFKA_SASL_MECHANISM?.toUpperCase()}): ` +
        `check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or the file KAFKA_SASL_PASSWORD_FILE names). The broker said: ${sasl.message}`,
    );
  }
  const tls = errors.find((e) => e.code !== undefined && TLS_VERIFY_CODES.has(e.code));
  if (tls) {
    return new KafkaAccessError(
      `The TLS certificate of Kafka at ${brokers} did not verify (${tls.code}: ${tls.message}): ` +
        (env.KAFKA_SSL_CA_FILE
          ? `check that KAFKA_SSL_CA_FILE (${env.KAFKA_SSL_CA_FILE}) is the CA that signed it and that the broker address is in its names`
          : 'set KAFKA_SSL_CA_FILE to the PEM file of the CA that signed it'),
    );
  }
  return undefined;
}

/**
 * Connects once, before the app serves anything, to learn whether the cluster accepts our
 * credentials and we accept its certificate. Only a refusal is fatal: an unreachable
 * cluster is reported as such and left to the app's own reconnecting (a service may start
 * before its broker). Runs only when TLS or SASL is configured, where these can be wrong.
 */
export async function verifyKafkaAccess(env: KafkaEnv, clientId: string): Promise<{ verified: boolean; detail?: string }> {
  if (!env.KAFKA_SSL && !env.KAFKA_SSL_CA_FILE && !env.KAFKA_SASL_MECHANISM) return { verified: false, detail: 'no TLS or SASL configured' };
  const admin = new Kafka({ ...kafkaClientConfig(env, clientId), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
    return { verified: true };
  } catch (error) {
    const refused = accessError(error, env);
    if (refused) throw refused;
    return { verified: false, detail: errorMessage(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
