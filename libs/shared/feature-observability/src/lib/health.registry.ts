import { Injectable } from '@nestjs/common';

export interface HealthStatus {
  readonly ok: boolean;
  /** Anything that helps an operator: connection state, last poll, lag. */
  readonly detail?: Record<string, unknown> | string;
}

export type HealthCheck = () => HealthStatus | Promise<HealthStatus>;

/**
 * Where an app's parts register what "healthy" means for them (a connected producer, a
 * consumer in its group). /health is 200 only when every registered check passes, and
 * 503 when none is registered, since an app that checks nothing cannot claim to be up.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(timeoutMs = 2000): Promise<{ ok: boolean; checks: Record<string, HealthStatus> }> {
    const entries = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ok: entries.length > 0 && entries.every(([, status]) => status.ok), checks };
  }
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthStatus>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
