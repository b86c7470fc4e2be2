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
