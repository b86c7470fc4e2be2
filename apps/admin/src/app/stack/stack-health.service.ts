import { Inject, Injectable } from '@nestjs/common';
import { errorMessage } from '@kstream/kafka';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { KafkaAdminService } from '../common/kafka-admin.service';

export interface ComponentHealth {
  readonly ok: boolean;
  readonly url?: string;
  readonly status?: number;
  readonly detail?: unknown;
  readonly ms: number;
}

export interface StackHealth {
  readonly status: 'up' | 'degraded';
  readonly broker: ComponentHealth;
  readonly apps: Record<'ingest-producer' | 'word-count' | 'rolling-mean', ComponentHealth>;
}

/** The broker and the three other apps' /health, each bounded by STACK_HEALTH_TIMEOUT_MS. */
@Injectable()
export class StackHealthService {
  constructor(
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
    private readonly kafka: KafkaAdminService,
  ) {}

  async check(): Promise<StackHealth> {
    const [broker, ingest, wordCount, rollingMean] = await Promise.all([
      this.broker(),
      this.app(this.env.INGEST_URL),
      this.app(this.env.WORD_COUNT_URL),
      this.app(this.env.ROLLING_MEAN_URL),
    ]);
    const apps = { 'ingest-producer': ingest, 'word-count': wordCount, 'rolling-mean': rollingMean };
    const ok = broker.ok && Object.values(apps).every((a) => a.ok);
    return { status: ok ? 'up' : 'degraded', broker, apps };
  }

  private async broker(): Promise<ComponentHealth> {
    const started = Date.now();
    try {
      const cluster = await Promise.race([
        this.kafka.run((admin) => admin.describeCluster()),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${this.env.STACK_HEALTH_TIMEOUT_MS} ms`)), this.env.STACK_HEALTH_TIMEOUT_MS).unref()),
      ]);
      return { ok: true, detail: { clusterId: cluster.clusterId, brokers: cluster.brokers.length, controller: cluster.controller }, ms: Date.now() - started };
    } catch (error) {
      return { ok: false, detail: errorMessage(error), ms: Date.now() - started };
    }
  }

  private async app(base: string): Promise<ComponentHealth> {
    const url = `${base.replace(/\/+$/, '')}/health`;
    const started = Date.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.env.STACK_HEALTH_TIMEOUT_MS) });
      const text = await res.text();
      let detail: unknown = text;
      try {
        detail = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      return { ok: res.ok, url, status: res.status, detail, ms: Date.now() - started };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      return { ok: false, url, detail: cause ? `${errorMessage(error)}: ${errorMessage(cause)}` : errorMessage(error), ms: Date.now() - started };
    }
  }
}
