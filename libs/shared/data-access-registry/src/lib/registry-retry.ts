import { RegistryUnavailableError } from './registry-errors';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `call`, again while the registry is unreachable (`RegistryUnavailableError`), with a backoff
 * doubling from `backoffMs` up to 5 s, for `limitMs` at most; then the last unavailability is
 * thrown. Any other error is thrown at once: a refusal or a missing schema does not change by waiting.
 */
export async function whileUnavailable<T>(call: () => Promise<T>, limitMs: number, backoffMs: number): Promise<T> {
  const started = Date.now();
  for (let wait = backoffMs; ; wait = Math.min(wait * 2, 5000)) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError) || Date.now() - started + wait > limitMs) throw error;
      await sleep(wait);
    }
  }
}
