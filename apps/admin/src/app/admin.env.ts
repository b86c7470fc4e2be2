import { Expose, Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { loadEnv, resolveSecretFiles, ToInt, ToList } from '@kstream/kafka';
import { HttpEnv } from '@kstream/observability';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The admin service's settings, validated once at start-up. */
export class AdminEnv extends HttpEnv {
  override PORT = 3000;

  /**
   * Bearer token for every mutating request (or ADMIN_TOKEN_FILE: a file holding it).
   * Unset: mutations are open, so the service binds 127.0.0.1 only.
   */
  @Expose()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_TOKEN must be at least 16 characters' })
  @Matches(/^\S+$/, { message: 'ADMIN_TOKEN may not contain whitespace' })
  ADMIN_TOKEN?: string;

  /** Largest accepted JSON body, in bytes. */
  @Expose() @ToInt() @IsInt() @Min(1024) @Max(10_485_760)
  BODY_LIMIT_BYTES = 65_536;

  /** Token bucket for mutations, per client address: burst size and refill rate. */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(100_000)
  RATE_LIMIT_BURST = 20;

  @Expose() @ToInt() @IsInt() @Min(1) @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 60;

  /**
   * Failed token checks (401/403) per client address: after this many in a burst the address
   * gets 429 on every mutation, right token or not, until the bucket refills. A guesser
   * then gets AUTH_FAILURES_PER_MINUTE tries a minute instead of RATE_LIMIT_PER_MINUTE.
   */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(1_000)
  AUTH_FAILURE_BURST = 5;

  @Expose() @ToInt() @IsInt() @Min(1) @Max(1_000)
  AUTH_FAILURES_PER_MINUTE = 6;

  /**
   * Browser origins allowed to call the API (CORS), comma-separated, e.g. https://ops.example.com.
   * Empty: no CORS headers at all, so other sites' pages cannot read the API's answers.
   */
  @Expose()
  @ToList()
  @Matches(/^https?:\/\/[^\s/,]+$/, { each: true, message: 'each CORS origin must be scheme://host[:port] without a path' })
  CORS_ORIGINS: string[] = [];

  /** An admin request that takes longer than this answers 503 instead of hanging on a dead broker. */
  @Expose() @ToInt() @IsInt() @Min(500) @Max(120_000)
  ADMIN_REQUEST_TIMEOUT_MS = 15_000;

  /** Most records one message read returns, and how long it may take. */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(10_000)
  MESSAGES_MAX_LIMIT = 500;

  @Expose() @ToInt() @IsInt() @Min(500) @Max(60_000)
  MESSAGES_TIMEOUT_MS = 8_000;

  /**
   * Message reads (browse, DLQ list and redrive) running at once. Each holds one consumer of a
   * pooled group (`kstream-admin-browse-<instance>-<slot>`, reused, deleted at shutdown); beyond it
   * a read gets 503 with Retry-After, so reads cannot pile consumers and groups onto the cluster.
   */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(32)
  MESSAGES_MAX_CONCURRENT = 2;

  /** Reads (GET, HEAD) per client address: burst, then per minute; 429 with Retry-After beyond. */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(100_000)
  READ_RATE_LIMIT_BURST = 120;

  @Expose() @ToInt() @IsInt() @Min(1) @Max(1_000_000)
  READ_RATE_LIMIT_PER_MINUTE = 600;

  /** Open dashboard event streams; one more gets 503 with Retry-After. */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(10_000)
  DASHBOARD_MAX_CLIENTS = 50;

  /** Lag sampling of every group: interval (0 turns it off), samples kept per group, warning threshold. */
  @Expose() @ToInt() @IsInt() @Min(0) @Max(3_600_000)
  LAG_SAMPLE_INTERVAL_MS = 15_000;

  @Expose() @ToInt() @IsInt() @Min(2) @Max(100_000)
  LAG_HISTORY_SIZE = 240;

  @Expose() @ToInt() @IsInt() @Min(0)
  LAG_WARN_THRESHOLD = 1_000;

  /** How many consecutive samples above the threshold before the warning is logged. */
  @Expose() @ToInt() @IsInt() @Min(1) @Max(10_000)
  LAG_WARN_SAMPLES = 4;

  @Expose() @IsUrl(URL_OPTIONS)
  INGEST_URL = 'http://127.0.0.1:3001';

  @Expose() @IsUrl(URL_OPTIONS)
  WORD_COUNT_URL = 'http://127.0.0.1:3002';

  @Expose() @IsUrl(URL_OPTIONS)
  ROLLING_MEAN_URL = 'http://127.0.0.1:3003';

  @Expose() @ToInt() @IsInt() @Min(100) @Max(30_000)
  STACK_HEALTH_TIMEOUT_MS = 1_500;

  /**
   * A schema registry's Confluent-compatible API: Avro values (processors with OUTPUT_FORMAT=avro,
   * Avro producers) are then shown as JSON on the dashboard and in message browsing. Unset: as bytes.
   */
  @Expose()
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'SCHEMA_REGISTRY_URL must be an http(s) URL such as http://127.0.0.1:8081/apis/ccompat/v7' })
  SCHEMA_REGISTRY_URL?: string;
}

/** Secrets that may also come from a file named by `<NAME>_FILE`. */
export const ADMIN_SECRET_FILES = ['ADMIN_TOKEN'] as const;

/** The admin settings from the environment, ADMIN_TOKEN_FILE resolved. */
export function loadAdminEnv(env: NodeJS.ProcessEnv = process.env): AdminEnv {
  return loadEnv(AdminEnv, resolveSecretFiles(env, ADMIN_SECRET_FILES));
}

export const LOOPBACK_HOST = '127.0.0.1';

/**
 * Where to listen. Without ADMIN_TOKEN anyone who reaches the port could delete topics,
 * so the service then stays on loopback whatever HOST says.
 */
export function bindAddress(env: Pick<AdminEnv, 'HOST' | 'ADMIN_TOKEN'>): { host: string; notice?: string } {
  if (env.ADMIN_TOKEN) return { host: env.HOST };
  const notice =
    env.HOST === LOOPBACK_HOST
      ? 'ADMIN_TOKEN is not set: mutations need no token, listening on 127.0.0.1 only'
      : `ADMIN_TOKEN is not set: mutations need no token, so listening on 127.0.0.1 only instead of HOST=${env.HOST}`;
  return { host: LOOPBACK_HOST, notice };
}
