import { Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { errorMessage } from '@kstream/kafka';
import { METRICS_REGISTRY } from '@kstream/observability';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { GroupsService } from '../groups/groups.service';
import { lagByTopic, totalLag } from '../groups/lag';
import { LagTracker, type LagAlert, type LagSample } from './lag-tracker';

export interface LagHistory {
  readonly group: string;
  readonly intervalMs: number;
  readonly threshold: number;
  /** Set while the lag has stayed above the threshold for LAG_WARN_SAMPLES samples. */
  readonly alert: LagAlert | null;
  readonly samples: LagSample[];
}

/**
 * Samples every group's lag each LAG_SAMPLE_INTERVAL_MS, keeps the last LAG_HISTORY_SIZE
 * samples per group, exports kstream_admin_group_lag{group,topic} and warns when a
 * group's lag stays above LAG_WARN_THRESHOLD.
 */
@Injectable()
export class LagHistoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('admin');
  private readonly tracker: LagTracker;
  private readonly gauge: Gauge<'group' | 'topic'>;
  private readonly labelled = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly groups: GroupsService,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.tracker = new LagTracker(env.LAG_HISTORY_SIZE, env.LAG_WARN_THRESHOLD, env.LAG_WARN_SAMPLES);
    this.gauge = new Gauge({
      name: 'kstream_admin_group_lag',
      help: 'Records a consumer group has yet to read, per topic, at the last sample',
      labelNames: ['group', 'topic'],
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    if (this.env.LAG_SAMPLE_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.sampleOnce(), this.env.LAG_SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round over every group; a round still running is joined, not doubled. */
  sampleOnce(): Promise<void> {
    this.running ??= this.sample().finally(() => (this.running = undefined));
    return this.running;
  }

  async historyOf(group: string): Promise<LagHistory> {
    let samples = this.tracker.samples(group);
    if (!samples) {
      // Not sampled yet: 404 for an unknown group, an empty history for a new one.
      await this.groups.describe(group);
      samples = [];
    }
    return {
      group,
      intervalMs: this.env.LAG_SAMPLE_INTERVAL_MS,
      threshold: this.env.LAG_WARN_THRESHOLD,
      alert: this.tracker.alert(group) ?? null,
      samples: [...samples],
    };
  }

  private async sample(): Promise<void> {
    let ids: string[];
    try {
      ids = await this.groups.ids();
    } catch (error) {
      this.logger.warn(`lag sampling skipped: ${errorMessage(error)}`);
      return;
    }
    for (const group of ids) {
      try {
        const partitions = await this.groups.lag(group);
        const topics = lagByTopic(partitions);
        const change = this.tracker.record(group, { at: new Date().toISOString(), totalLag: totalLag(partitions), topics });
        this.export(group, topics);
        if (change === 'raised') {
          const alert = this.tracker.alert(group);
          this.logger.warn(
            `group "${group}" lag ${alert?.totalLag} has stayed above ${this.env.LAG_WARN_THRESHOLD} for ${this.env.LAG_WARN_SAMPLES} samples (since ${alert?.since})`,
          );
        } else if (change === 'cleared') {
          this.logger.log(`group "${group}" lag is back at or below ${this.env.LAG_WARN_THRESHOLD}`);
        }
      } catch (error) {
        if (error instanceof NotFoundException) continue;
        this.logger.warn(`lag of group "${group}" not sampled: ${errorMessage(error)}`);
      }
    }
    for (const gone of this.tracker.retain(new Set(ids))) this.export(gone, {});
  }

  private export(group: string, topics: Record<string, number>): void {
    const previous = this.labelled.get(group) ?? new Set<string>();
    for (const topic of previous) if (!(topic in topics)) this.gauge.remove({ group, topic });
    for (const [topic, lag] of Object.entries(topics)) this.gauge.set({ group, topic }, lag);
    if (Object.keys(topics).length === 0) this.labelled.delete(group);
    else this.labelled.set(group, new Set(Object.keys(topics)));
  }
}
