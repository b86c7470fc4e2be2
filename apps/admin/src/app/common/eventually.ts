/**
 * Repeats a read until it shows a change the cluster has accepted. In KRaft mode the
 * controller accepts a change before every broker's metadata shows it, so a describe
 * right after a create/alter can still answer with the old state. Bounded: after
 * `timeoutMs` the last answer (or error) is returned as it is.
 */
export async function eventually<T>(read: () => Promise<T>, settled: (value: T) => boolean, timeoutMs = 5000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await read();
      if (settled(value) || Date.now() >= deadline) return value;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Promise.all that settles every call before failing. A failed call must not leave its
 * siblings running on a client that is about to be reset: kafkajs would open a
 * connection after the disconnect and keep it.
 */
export async function allSettled<T extends readonly unknown[]>(calls: [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const results = await Promise.allSettled(calls);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
