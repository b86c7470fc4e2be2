import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { INTERNAL_TOPICS, TOPIC_SPECS, type TopicKey, type TopicNames } from '@kstream/contracts-core';
import { errorMessage, TOPIC_NAMES } from '@kstream/kafka';
import { partitionOffsets } from '../common/topic-lookup';
import type { StackHealth } from '../stack/stack-health.service';
import { DashboardDeps } from './dashboard-deps';
import { DASHBOARD_SETTINGS, type DashboardSettings } from './dashboard.settings';

export interface TopicRow {
  readonly key: TopicKey;
  readonly name: string;
  readonly exists: boolean;
  readonly partitions: number;
  /** Sum over partitions of high - low watermark: records currently held. */
  readonly messages: number;
  /** Between a processor's two stages: shown after the others, never where results are read. */
  readonly internal: boolean;
}

export interface GroupRow {
  readonly id: string;
  readonly state: string;
  readonly members: number;
  readonly totalLag: number | null;
  /** Sampled lag, oldest first (admin's lag history). */
  readonly history: { at: string; totalLag: number }[];
  readonly alert: boolean;
}

export interface Overview {
  readonly at: string;
  readonly topics: TopicRow[] | { error: string };
  readonly dlq: { name: string; messages: number | null; href: string }[];
  readonly groups: GroupRow[];
  readonly health: StackHealth | { error: string };
}

const DLQ_KEYS: TopicKey[] = ['textLinesDlq', 'numbersDlq'];
const HISTORY_POINTS = 60;

/** The slow-moving part of the page: topics, groups with lag history, DLQ counts, stack health. */
@Injectable()
export class DashboardOverview {
  constructor(
    @Inject(TOPIC_NAMES) private readonly names: TopicNames,
    @Inject(DASHBOARD_SETTINGS) private readonly settings: DashboardSettings,
    private readonly deps: DashboardDeps,
  ) {}

  async read(): Promise<Overview> {
    const [topics, groups, health] = await Promise.all([
      this.topics().catch((error: unknown) => ({ error: errorMessage(error) })),
      Promise.all(this.settings.groups.map((id) => this.group(id))),
      this.deps.stackHealth.check().catch((error: unknown) => ({ error: errorMessage(error) })),
    ]);
    const dlq = DLQ_KEYS.map((key) => {
      const name = this.names[key];
      const row = Array.isArray(topics) ? topics.find((t) => t.key === key) : undefined;
      return { name, messages: row?.exists ? row.messages : null, href: `/dlq/${encodeURIComponent(name)}` };
    });
    return { at: new Date().toISOString(), topics, dlq, groups, health };
  }

  private topics(): Promise<TopicRow[]> {
    return this.deps.kafkaAdmin.run(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const specs = [...TOPIC_SPECS.filter((s) => !INTERNAL_TOPICS.includes(s.key)), ...TOPIC_SPECS.filter((s) => INTERNAL_TOPICS.includes(s.key))];
      return Promise.all(
        specs.map(async ({ key }) => {
          const name = this.names[key];
          const internal = INTERNAL_TOPICS.includes(key);
          if (!existing.has(name)) return { key, name, exists: false, partitions: 0, messages: 0, internal };
          const offsets = await partitionOffsets(admin, name);
          return { key, name, exists: true, partitions: offsets.length, messages: offsets.reduce((sum, o) => sum + (o.high - o.low), 0), internal };
        }),
      );
    });
  }

  private async group(id: string): Promise<GroupRow> {
    try {
      const [detail, history] = await Promise.all([this.deps.groups.describe(id), this.deps.lagHistory.historyOf(id).catch(() => undefined)]);
      return {
        id,
        state: detail.state,
        members: detail.members.length,
        totalLag: detail.totalLag,
        history: (history?.samples ?? []).slice(-HISTORY_POINTS).map((s) => ({ at: s.at, totalLag: s.totalLag })),
        alert: Boolean(history?.alert),
      };
    } catch (error) {
      const state = error instanceof NotFoundException ? 'not found' : `unavailable: ${errorMessage(error)}`;
      return { id, state, members: 0, totalLag: null, history: [], alert: false };
    }
  }
}
