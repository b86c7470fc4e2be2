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
  return isRetriable(error) || isRetriable((error as { originalError?: unknown } | undefined)?.originalError);
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
