import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { logLevel, type ConsumerConfig, type KafkaConfig, type logCreator, type ProducerConfig, type RetryOptions, type SASLOptions } from 'kafkajs';
import type { KafkaEnv } from '../env/kafka-env';
import { noDelaySocketFactory } from './socket-factory';

const LOG_LEVELS: Record<KafkaEnv['KAFKA_LOG_LEVEL'], logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * Sends kafkajs's own log lines through Nest's Logger, so they come out in the app's one
 * format (JSON in production) instead of kafkajs's separate JSON lines.
 */
/**
 * kafkajs's message for CONCURRENT_TRANSACTIONS (`protocol/error.js`). A transactional producer
 * that starts its next transaction right after a commit gets it until the broker has written the
 * commit's markers, a few ms, and kafkajs retries it; it logs each one twice at ERROR level,
 * which at a few hundred transactions a second buried real errors. Those lines go to debug.
 * (The producer's line carries the text in its message, the connection's in its `error` field.)
 */
const CONCURRENT_TRANSACTIONS_MESSAGE = 'another concurrent operation on the same transaction was ongoing';

/**
 * kafkajs's messages for broker states that pass by themselves while a broker starts or a leader moves
 * (`protocol/error.js`: COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR,
 * LEADER_NOT_AVAILABLE, NOT_LEADER_FOR_PARTITION). kafkajs retries them but logs each at ERROR, with a
 * stack, as "Crash: …" when it meets them while joining a group: on a healthy start that reads as a
 * failure. They are warnings that say what they are; a real failure still ends in an ERROR.
 */
const TRANSIENT_MESSAGES = [
  "The coordinator is loading and hence can't process requests",
  'coordinator is not available',
  'This is not the correct coordinator',
  'There is no leader for this topic-partition',
  'This server is not the leader for that topic-partition',
];

/**
 * kafkajs warns this for every idempotent producer whose retries are bounded, which here is every one
 * of them, on purpose: a send that keeps failing must end in an error the engine or ingest handles,
 * and the sequence numbers of a retried batch are kept by the produce-retry patch and the answer
 * check (docs/reliability.md, findings 7 and 9), not by retrying for ever. The engine opens a producer
 * per input partition, so a start printed a dozen of these warnings per processor: debug, then.
 */
const BOUNDED_RETRIES_MESSAGE = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

export const nestLogCreator: logCreator = () => ({ namespace, level: kafkaLevel, log }) => {
  const said = `${String(log.message ?? '')} ${String(log['error'] ?? '')}`;
  // What needs no one's attention: a concurrent transaction kafkajs waits out, and the bounded-retries notice.
  const quiet = said.includes(CONCURRENT_TRANSACTIONS_MESSAGE) || said.includes(BOUNDED_RETRIES_MESSAGE);
  const transient = kafkaLevel === logLevel.ERROR && TRANSIENT_MESSAGES.some((m) => said.includes(m));
  const level = kafkaLevel <= logLevel.WARN && quiet ? logLevel.DEBUG : transient ? logLevel.WARN : kafkaLevel;
  // kafkajs's own timestamp and logger name are dropped: the app's logger adds its own.
  const fields: Record<string, unknown> = { ...log };
  const message = transient ? `${log.message} (a passing broker state; kafkajs retries)` : log.message;
  for (const own of ['message', 'timestamp', 'logger', ...(transient ? ['stack'] : [])]) delete fields[own];
  const logger = new Logger(namespace ? `kafkajs ${namespace}` : 'kafkajs');
  const text = Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  if (level === logLevel.ERROR) logger.error(text);
  else if (level === logLevel.WARN) logger.warn(text);
  else if (level === logLevel.INFO) logger.log(text);
  else logger.debug(text);
};

function sasl(env: KafkaEnv): SASLOptions | undefined {
  if (!env.KAFKA_SASL_MECHANISM) return undefined;
  const username = env.KAFKA_SASL_USERNAME ?? '';
  const password = env.KAFKA_SASL_PASSWORD ?? '';
  switch (env.KAFKA_SASL_MECHANISM) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** kafkajs client settings: brokers, TLS and SASL from the environment. */
export function kafkaClientConfig(env: KafkaEnv, defaultClientId: string): KafkaConfig {
  const ca = env.KAFKA_SSL_CA_FILE ? [readFileSync(env.KAFKA_SSL_CA_FILE, 'utf8')] : undefined;
  // Certificates are always verified (against the CA file, else the system's CAs).
  const ssl = env.KAFKA_SSL || ca !== undefined ? { rejectUnauthorized: true, ...(ca && { ca }) } : false;
  return {
    clientId: env.KAFKA_CLIENT_ID ?? defaultClientId,
    brokers: env.KAFKA_BROKERS,
    ssl,
    sasl: sasl(env),
    connectionTimeout: env.KAFKA_CONNECTION_TIMEOUT_MS,
    requestTimeout: env.KAFKA_REQUEST_TIMEOUT_MS,
    logLevel: LOG_LEVELS[env.KAFKA_LOG_LEVEL],
    logCreator: nestLogCreator,
    socketFactory: noDelaySocketFactory,
    // Bounded retries: a broker that stays away surfaces as an error the caller can report.
    retry: { initialRetryTime: 300, retries: 5, maxRetryTime: 5000 },
  };
}

/**
 * The retries of a transactional producer whose transactions follow each other (the engine's, one
 * per input partition). A transaction begun right after a commit gets CONCURRENT_TRANSACTIONS on
 * its first AddPartitionsToTxn until the broker has written that commit's markers, a few
 * milliseconds; kafkajs retries with the client's backoff (300 ms first), the Java producer after
 * 20 ms. Back to back on one partition (`tools/bench/txn-backoff.ts`: 100 records each, one broker), a
 * first retry after 10 ms gave 17-22 ms a transaction (p50), after 1 ms 7-10 ms: what is left is the
 * markers. Doubling from 1 ms, 15 retries still ride out ~10 s of a broker's restart.
 */
export const TRANSACTION_RETRY: Readonly<RetryOptions> = { initialRetryTime: 1, maxRetryTime: 2000, retries: 15 };

/**
 * Producer settings behind "a 2xx means the broker acknowledged": idempotent, which
 * implies acks=all. kafkajs lacks the sequence handling of KAFKA-5494, so it is only
 * safe with one request in flight per connection (tulios/kafkajs#598; README, "kafkajs notes").
 */
export function idempotentProducerConfig(overrides: ProducerConfig = {}): ProducerConfig {
  return { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, ...overrides };
}

/** Consumer settings; maxWaitTimeInMs is lowered from kafkajs's 5 s so results show up promptly. */
export function consumerConfig(groupId: string, overrides: Partial<ConsumerConfig> = {}): ConsumerConfig {
  return {
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    sessionTimeout: 30_000,
    heartbeatInterval: 3000,
    ...overrides,
  };
}
