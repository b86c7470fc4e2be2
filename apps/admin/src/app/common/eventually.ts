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
