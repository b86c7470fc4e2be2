import { engineHealth } from '@kstream/kafka';
import type { StreamServer } from './stream-server';

/** The transport's side of /health: down until it listens, then down while crashed, rebalancing, restoring or stale. */
export function streamHealth(server: StreamServer, staleAfterMs: number): { ok: boolean; detail: Record<string, unknown> } {
  const status = server.engineStatus();
  if (!status) return { ok: false, detail: { problems: ['the stream transport is not listening yet'] } };
  return engineHealth(status, staleAfterMs);
}
