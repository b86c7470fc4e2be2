/**
 * The stack's own errors, with kafkajs's model: `retriable` says whether doing the same again may
 * succeed (a broker away, a buffer full, a rebalance), as kafkajs marks its own errors. Anything not
 * retriable is a bug, bad input or a setting to fix, and retrying it would only loop. Every error
 * class of the libraries and apps extends this one, so `isRetriable` reads theirs and kafkajs's alike.
 */
export class KstreamError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'KstreamError';
  }
}

/** What an error in a chain may carry: kafkajs's `type`, `retriable` and `originalError`, Node's `code` and `cause`. */
export interface ErrorLink {
  readonly name?: string;
  readonly type?: string;
  readonly code?: string;
  readonly message?: string;
  readonly retriable?: boolean;
  readonly originalError?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown[];
  readonly groups?: { error?: unknown }[];
}

/**
 * The error and every error it wraps, depth first: an AggregateError's or kafkajs's `errors`, the
 * per-group errors of admin answers, kafkajs's `originalError` (its retry wrappers,
 * KafkaJSNumberOfRetriesExceeded and KafkaJSNonRetriableError, hold the broker's error there) and
 * `cause`. Each error once, depth-bounded, so a cycle cannot hang it. The one place that walks
 * wrapped errors.
 */
export function errorChain(error: unknown): ErrorLink[] {
  const chain: ErrorLink[] = [];
  const seen = new Set<unknown>();
  const walk = (current: unknown, depth: number): void => {
    if (depth > 5 || typeof current !== 'object' || current === null || seen.has(current)) return;
    seen.add(current);
    const link = current as ErrorLink;
    chain.push(link);
    for (const inner of [...(link.errors ?? []), ...(link.groups ?? []).map((g) => g.error), link.originalError, link.cause]) walk(inner, depth + 1);
  };
  walk(error, 0);
  return chain;
}

/**
 * Whether an error is worth retrying. kafkajs marks its own errors with `retriable`
 * (connection loss, leader moves, timeouts); anything else is a bug or bad input and
 * retrying it would only loop.
 */
export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** kafkajs wraps the last retriable error once its own retries are spent; look inside too. */
export function isRetriableOrWrapsOne(error: unknown): boolean {
  return errorChain(error).some(isRetriable);
}

/**
 * Runs an idempotent Kafka operation again after retriable errors, with exponential
 * backoff and a bound, e.g. a subscribe or a metadata read right after a topic was
 * created, when the broker may not know the topic for a few hundred milliseconds.
 */
export async function withRetries<T>(operation: () => Promise<T>, options: { attempts?: number; backoffMs?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 300;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isRetriableOrWrapsOne(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}
