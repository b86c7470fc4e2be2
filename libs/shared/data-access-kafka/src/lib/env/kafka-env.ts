import { Expose } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { existsSync } from 'node:fs';
import { ToBoolean, ToInt, ToList } from './env-transforms';
import { EnvValidationError, loadEnv, resolveSecretFiles } from './load-env';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];
export const KAFKA_LOG_LEVELS = ['nothing', 'error', 'warn', 'info', 'debug'] as const;

/** Kafka connection settings, from the environment. Secrets never have defaults. */
export class KafkaEnv {
  /** host:port[,host:port...]; the default is the broker `npm run kafka:start` runs. */
  @Expose()
  @ToList()
  @ArrayNotEmpty()
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'each broker must be host:port' })
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @Expose()
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,128}$/, { message: 'KAFKA_CLIENT_ID may hold letters, digits, ".", "_" and "-"' })
  KAFKA_CLIENT_ID?: string;

  @Expose()
  @IsOptional()
  @IsIn(SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM?: SaslMechanism;

  @Expose()
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_USERNAME?: string;

  /** Or KAFKA_SASL_PASSWORD_FILE: a file holding it (loadKafkaEnv reads it). */
  @Expose()
  @ValidateIf((env: KafkaEnv) => env.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE) is required when KAFKA_SASL_MECHANISM is set' })
  KAFKA_SASL_PASSWORD?: string;

  @Expose()
  @ToBoolean()
  @IsBoolean()
  KAFKA_SSL = false;

  /** PEM file of the CA that signed the brokers' certificates; implies KAFKA_SSL. */
  @Expose()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  KAFKA_SSL_CA_FILE?: string;

  @Expose()
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  KAFKA_CONNECTION_TIMEOUT_MS = 3000;

  @Expose()
  @ToInt()
  @IsInt()
  @Min(1000)
  @Max(300_000)
  KAFKA_REQUEST_TIMEOUT_MS = 30_000;

  /** Replication factor for the topics the stack provisions (3 on the three-node cluster). */
  @Expose()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(16)
  KAFKA_REPLICATION_FACTOR = 1;

  @Expose()
  @IsIn(KAFKA_LOG_LEVELS)
  KAFKA_LOG_LEVEL: (typeof KAFKA_LOG_LEVELS)[number] = 'warn';
}

/** Secrets that may also come from a file named by `<NAME>_FILE`. */
export const KAFKA_SECRET_FILES = ['KAFKA_SASL_PASSWORD'] as const;

/**
 * Loads and checks the Kafka settings; throws EnvValidationError listing every problem.
 * The broker's certificate is always verified: there is no switch to turn that off, and
 * a leftover KAFKA_SSL_REJECT_UNAUTHORIZED=false is refused rather than ignored, so nobody
 * believes they got an unverified connection that actually fails (or the reverse).
 */
export function loadKafkaEnv(env: NodeJS.ProcessEnv = process.env): KafkaEnv {
  const kafkaEnv = loadEnv(KafkaEnv, resolveSecretFiles(env, KAFKA_SECRET_FILES));
  const problems: string[] = [];
  const reject = env['KAFKA_SSL_REJECT_UNAUTHORIZED'];
  if (reject !== undefined && !/^(1|true|yes|on)$/i.test(reject.trim())) {
    problems.push(
      `KAFKA_SSL_REJECT_UNAUTHORIZED (${JSON.stringify(reject)}): the broker certificate is always verified; ` +
        'for a private CA set KAFKA_SSL_CA_FILE to its PEM file instead',
    );
  }
  if (kafkaEnv.KAFKA_SSL_CA_FILE !== undefined && !existsSync(kafkaEnv.KAFKA_SSL_CA_FILE)) {
    problems.push(`KAFKA_SSL_CA_FILE: no such file ${kafkaEnv.KAFKA_SSL_CA_FILE}`);
  }
  if (kafkaEnv.KAFKA_SASL_MECHANISM === 'plain' && !kafkaEnv.KAFKA_SSL && kafkaEnv.KAFKA_SSL_CA_FILE === undefined) {
    problems.push('KAFKA_SASL_MECHANISM (plain): PLAIN sends the password as it is, so it needs TLS: set KAFKA_SSL=true');
  }
  if (problems.length > 0) throw new EnvValidationError(problems);
  return kafkaEnv;
}
