import type { EngineStatus } from './engine-options';

/**
 * The consumer's side of /health: down when the consumer crashed, is not in its group
 * (rebalancing, stopped), still restores a partition it owns, or has neither fetched nor worked
 * for `staleAfterMs`. Returns
 * the shape HealthRegistry expects without depending on it.
 */
export function engineHealth(status: EngineStatus, staleAfterMs: number, now = Date.now()): { ok: boolean; detail: Record<string, unknown> } {
  const idleMs = now - status.lastActivityAt;
  const problems: string[] = [];
  if (!status.running) problems.push('not running');
  if (status.crashed) problems.push(`crashed: ${status.crashed}`);
  if (!status.inGroup) problems.push('not in its consumer group');
  // Ready means serving: a partition still being fenced and restored neither processes nor answers queries.
  if (status.restoring.length > 0) problems.push(`restoring ${status.restoring.join(', ')}`);
  if (idleMs > staleAfterMs) problems.push(`no poll for ${idleMs} ms`);
  return {
    ok: problems.length === 0,
    detail: { ...(problems.length > 0 && { problems }), assigned: status.assigned, ready: status.ready, stages: status.stages, idleMs },
  };
}

/**
 * One status for the engines of a topology that runs a consumer per stage: running, in the group
 * and fresh only when every one is; restoring what any restores; `assigned` and `ready` those of
 * the first stage's engine.
 */
export function combinedStatus(statuses: readonly EngineStatus[]): EngineStatus {
  if (statuses.length === 0) throw new Error('no engine status to combine');
  if (statuses.length === 1) return statuses[0];
  return {
    running: statuses.every((s) => s.running),
    inGroup: statuses.every((s) => s.inGroup),
    crashed: statuses.find((s) => s.crashed)?.crashed,
    lastActivityAt: Math.min(...statuses.map((s) => s.lastActivityAt)),
    assigned: statuses[0].assigned,
    ready: statuses[0].ready,
    stages: Object.assign({}, ...statuses.map((s) => s.stages)) as Record<string, number[]>,
    restoring: statuses.flatMap((s) => s.restoring),
  };
}
