import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { RollingMeanRecord } from '@kstream/contract-rolling-means';
import { WordCountRecord } from '@kstream/contract-word-counts';
import { WordTotal } from '@kstream/contract-word-totals';
import { type TopicNames, validateContract } from '@kstream/contracts-core';
import { errorMessage, KAFKA_CLIENT, TOPIC_NAMES } from '@kstream/kafka';
import { AvroValues } from '../common/avro-values';
import { partitionOffsets } from '../common/topic-lookup';
import { BROWSE_GROUP_PREFIX } from '../groups/groups.service';
import { DashboardState } from './dashboard-state';
import { DashboardDeps } from './dashboard-deps';
import { DASHBOARD_SETTINGS, type DashboardSettings } from './dashboard.settings';

/** The dashboard reader's groups share the browse prefix, so lag sampling and group lists skip them. */
export const DASHBOARD_GROUP_PREFIX = `${BROWSE_GROUP_PREFIX}dashboard-`;

function parse(message: KafkaMessage): unknown {
  if (!message.value) return undefined;
  try {
    return JSON.parse(message.value.toString());
  } catch {
    return undefined;
  }
}

/**
 * Reads word-counts, word-alerts, rolling-means and word-totals (read_committed) in a
 * throw-away group while at least one page is open, and folds them into a DashboardState.
 * Per batch only the records the page can show are decoded (the last lines, the last
 * points of each series, the last total of each word); the rest are only counted.
 */
@Injectable()
export class DashboardFeed {
  private readonly logger = new Logger('admin');
  private consumer?: Consumer;
  private groupId?: string;
  private starting?: Promise<void>;
  private invalid = 0;
  /** Next offset to fold per topic-partition: a rejoin that rewinds (no commits) does not show records twice. */
  private readonly folded = new Map<string, bigint>();
  state: DashboardState;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(TOPIC_NAMES) private readonly topics: TopicNames,
    @Inject(DASHBOARD_SETTINGS) private readonly settings: DashboardSettings,
    private readonly deps: DashboardDeps,
    @Optional() private readonly avro?: AvroValues,
  ) {
    this.state = new DashboardState(settings.limits);
  }

  get running(): boolean {
    return this.consumer !== undefined;
  }

  /** The reader's throw-away group while it reads. */
  get group(): string | undefined {
    return this.groupId;
  }

  /** Starts reading unless already reading; a failed start is logged and tried again by the next caller. */
  start(): Promise<void> {
    this.starting ??= this.open().catch((error: unknown) => {
      this.logger.warn(`dashboard reader not started: ${errorMessage(error)}`);
      this.starting = undefined;
    });
    return this.starting;
  }

  private async open(): Promise<void> {
    const t = this.topics;
    const tailed = [t.wordCounts, t.wordAlerts, t.rollingMeans];
    // Where each partition's tail starts; word-totals is compacted and read whole for the totals.
    const seeks = await this.deps.kafkaAdmin.run(async (admin) => {
      const out: { topic: string; partition: number; offset: string }[] = [];
      for (const topic of tailed) {
        for (const w of await partitionOffsets(admin, topic)) {
          out.push({ topic, partition: w.partition, offset: String(Math.max(w.low, w.high - this.settings.tailPerPartition)) });
        }
      }
      return out;
    });
    const groupId = `${DASHBOARD_GROUP_PREFIX}${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200, allowAutoTopicCreation: false, sessionTimeout: 15_000 });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const s of seeks) consumer.seek(s);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.warn(`dashboard reader crashed: ${errorMessage(payload.error)}${payload.restart ? ', restarting' : ''}`);
      // kafkajs gives up on errors it deems fatal: drop this reader so the next page tick starts a new one.
      if (!payload.restart && this.consumer === consumer) void this.stop();
    });
    this.state = new DashboardState(this.settings.limits);
    this.folded.clear();
    this.consumer = consumer;
    this.groupId = groupId;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...tailed, t.wordTotals], fromBeginning: true });
      // Outputs written as Avro (OUTPUT_FORMAT=avro) are folded as the JSON they stand for.
      await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => this.fold(this.avro ? { topic: batch.topic, partition: batch.partition, messages: await this.avro.asJson(batch.messages) } : batch) });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops reading and deletes the throw-away group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    const groupId = this.groupId;
    this.consumer = undefined;
    this.groupId = undefined;
    this.starting = undefined;
    if (!consumer || !groupId) return;
    await consumer.disconnect().catch(() => undefined);
    try {
      await this.deps.kafkaAdmin.run((admin) => admin.deleteGroups([groupId]));
    } catch (error) {
      // A reader that never joined has no group to delete.
      if (!/GROUP_ID_NOT_FOUND|does not exist/i.test(JSON.stringify((error as { groups?: unknown }).groups ?? '') + errorMessage(error))) {
        this.logger.warn(`dashboard group ${groupId} not deleted: ${errorMessage(error)}`);
      }
    }
  }

  /** Folds one batch: decodes only what the page can show. */
  fold(batch: Pick<Batch, 'topic' | 'partition' | 'messages'>): void {
    const { topic, partition } = batch;
    const position = `${topic}:${partition}`;
    const next = this.folded.get(position) ?? -1n;
    const messages = batch.messages.filter((m) => BigInt(m.offset) >= next);
    if (messages.length === 0) return;
    this.folded.set(position, BigInt(messages[messages.length - 1].offset) + 1n);
    const { limits } = this.settings;
    const t = this.topics;
    if (topic === t.wordCounts || topic === t.wordAlerts) {
      const alerts = topic === t.wordAlerts;
      const keep = alerts ? limits.alerts : limits.lines;
      this.state.count(alerts ? 'wordAlerts' : 'wordCounts', messages.length);
      for (const m of messages.slice(-keep)) {
        const r = this.decode(WordCountRecord, m);
        if (r && alerts) this.state.addAlert(r);
        else if (r) this.state.addLine(r);
      }
    } else if (topic === t.rollingMeans) {
      this.state.count('rollingMeans', messages.length);
      // The last points of each series (the key is the series), in order.
      const perSeries = new Map<string, number>();
      const chosen: KafkaMessage[] = [];
      for (let i = messages.length - 1; i >= 0; i--) {
        const key = messages[i].key?.toString() ?? '';
        const n = perSeries.get(key) ?? 0;
        if (n >= limits.pointsPerSeries || (n === 0 && perSeries.size >= limits.series)) continue;
        perSeries.set(key, n + 1);
        chosen.push(messages[i]);
      }
      for (const m of chosen.reverse()) {
        const r = this.decode(RollingMeanRecord, m);
        if (r) this.state.addMean(r);
      }
    } else if (topic === t.wordTotals) {
      this.state.count('wordTotals', messages.length);
      // Compacted: only the last record of a word in this batch matters.
      const last = new Map<string, KafkaMessage>();
      for (const m of messages) last.set(m.key?.toString() ?? '', m);
      for (const [word, m] of last) {
        if (m.value === null) {
          this.state.setTotal(word, null);
          continue;
        }
        const r = this.decode(WordTotal, m);
        if (r) this.state.setTotal(r.word, r.count);
      }
    }
  }

  private decode<T extends object>(cls: new () => T, message: KafkaMessage): T | undefined {
    const result = validateContract(cls, parse(message));
    if (result.ok) return result.value;
    // Logged once in a while, not per record: a drifting producer can write thousands a second.
    if (this.invalid++ % 1000 === 0) this.logger.warn(`dashboard skipped a record that is not a ${cls.name}: ${result.violation.message}`);
    return undefined;
  }
}
