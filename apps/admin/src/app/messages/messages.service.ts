import { BadRequestException, Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { errorMessage, KAFKA_CLIENT } from '@kstream/kafka';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { AvroValues } from '../common/avro-values';
import { BusyException } from '../common/busy.exception';
import { KafkaAdminService } from '../common/kafka-admin.service';
import { partitionOffsets, requireTopic, type PartitionOffsets } from '../common/topic-lookup';
import { BROWSE_GROUP_PREFIX } from '../groups/groups.service';
import type { ReadValue } from '@kstream/data-access-registry';
import { decodeHeaders, decodePayload, timestampType, type Encoding, type TimestampType } from './decode';
import { readPlan, type PartitionRange } from './read-plan';

export interface RawRecord {
  readonly partition: number;
  readonly offset: number;
  readonly message: KafkaMessage;
}

export interface MessageView {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: string;
  readonly timestampMs: number;
  readonly timestampType: TimestampType;
  readonly key: unknown;
  readonly keyEncoding: Encoding;
  readonly value: unknown;
  readonly valueEncoding: Encoding;
  /** The registry's id of the value's schema, when the value is Avro. */
  readonly valueSchemaId?: number;
  readonly headers: Record<string, string | string[]>;
}

export interface ReadResult<T> {
  readonly topic: string;
  readonly records: T[];
  /** False when the read stopped at MESSAGES_TIMEOUT_MS before every planned offset arrived. */
  readonly complete: boolean;
}

/** A record as the API shows it; `avro`, when given, is its value read by its writer's schema. */
export function toView(r: RawRecord, avro?: ReadValue): MessageView {
  const headers = decodeHeaders(r.message.headers);
  const contentType = headers['content-type'];
  const jsonHint = typeof contentType === 'string' && contentType.startsWith('application/json');
  const key = decodePayload(r.message.key);
  const value = avro?.kind === 'avro' ? { encoding: 'avro' as const, value: avro.value } : decodePayload(r.message.value, jsonHint);
  const ms = Number(r.message.timestamp);
  const context = (r.message as { batchContext?: { timestampType?: number } }).batchContext;
  return {
    partition: r.partition,
    offset: r.offset,
    timestamp: new Date(ms).toISOString(),
    timestampMs: ms,
    timestampType: timestampType(context?.timestampType),
    key: key.value,
    keyEncoding: key.encoding,
    value: value.value,
    valueEncoding: value.encoding,
    ...(avro?.kind === 'avro' && { valueSchemaId: avro.schemaId }),
    headers,
  };
}

/**
 * Reads records with a short-lived consumer: its own throw-away group, seeks to the
 * planned offsets, stops when every range is read or the time is up, then deletes the
 * group so browsing leaves nothing behind.
 */
@Injectable()
export class MessagesService implements OnModuleDestroy {
  private readonly logger = new Logger('admin');
  /** This instance's id in its pooled group names, so two admin instances never share a group. */
  private readonly instance = randomUUID().slice(0, 8);
  /** Free read slots; each is one pooled consumer group. */
  private readonly slots: number[];

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
    private readonly admin: KafkaAdminService,
    @Optional() private readonly avro?: AvroValues,
  ) {
    this.slots = Array.from({ length: env.MESSAGES_MAX_CONCURRENT }, (_, slot) => slot);
  }

  get maxLimit(): number {
    return this.env.MESSAGES_MAX_LIMIT;
  }

  /** Up to `limit` records from `offset` on, or the latest `limit`, oldest first. */
  async browse(topic: string, limit: number, partition?: number, offset?: number): Promise<ReadResult<MessageView>> {
    const capped = Math.min(limit, this.env.MESSAGES_MAX_LIMIT);
    const watermarks = await this.admin.run(async (admin) => {
      await requireTopic(admin, topic);
      return partitionOffsets(admin, topic);
    });
    if (partition !== undefined && !watermarks.some((w) => w.partition === partition)) {
      throw new BadRequestException(`topic "${topic}" has no partition ${partition} (it has ${watermarks.length})`);
    }
    const { records, complete } = await this.readEnough(topic, watermarks, capped, partition, offset);
    // From an offset: the first `limit` in time order; latest: the last `limit`.
    const sorted = records.sort((a, b) => Number(a.message.timestamp) - Number(b.message.timestamp) || a.partition - b.partition || a.offset - b.offset);
    const chosen = offset === undefined ? sorted.slice(-capped) : sorted.slice(0, capped);
    const views = await Promise.all(chosen.map(async (r) => toView(r, await this.avro?.read(r.message.value))));
    return { topic, records: views, complete };
  }

  /**
   * `limit` records per partition where the partition has them. On a topic written in transactions
   * (every output of this stack) each commit leaves a marker at an offset of its own, and aborted
   * records are skipped, so `limit` offsets can hold fewer records: a range that came back short,
   * and can grow, is read again four times as wide, at most three times.
   */
  private async readEnough(topic: string, watermarks: readonly PartitionOffsets[], limit: number, partition?: number, offset?: number): Promise<{ records: RawRecord[]; complete: boolean }> {
    for (let span = limit, round = 0; ; span *= 4, round++) {
      const ranges = readPlan(watermarks, span, partition, offset);
      const result = await this.read(topic, ranges);
      const short = ranges.some((r) => {
        const w = watermarks.find((m) => m.partition === r.partition);
        const canGrow = offset === undefined ? r.start > (w?.low ?? 0) : r.end < (w?.high ?? 0);
        return canGrow && result.records.filter((rec) => rec.partition === r.partition).length < limit;
      });
      if (!short || !result.complete || round === 3) return result;
    }
  }

  /** Every record in the given ranges (bounded by MESSAGES_TIMEOUT_MS), oldest offset first per partition. */
  async read(topic: string, ranges: readonly PartitionRange[]): Promise<{ records: RawRecord[]; complete: boolean }> {
    if (ranges.length === 0) return { records: [], complete: true };
    const slot = this.slots.shift();
    if (slot === undefined) {
      throw new BusyException(`${this.env.MESSAGES_MAX_CONCURRENT} message reads are running (MESSAGES_MAX_CONCURRENT): retry in a second`, 1);
    }
    const groupId = this.groupOf(slot);
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, sessionTimeout: 10_000, retry: { retries: 2 } });
    // Keyed by position: a consumer that rejoins after a crash reads some records again.
    const records = new Map<string, RawRecord>();
    const pending = new Map(ranges.map((r) => [r.partition, r]));
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const progress = (partition: number, lastOffset: number): void => {
      const range = pending.get(partition);
      if (range && lastOffset >= range.end - 1) pending.delete(partition);
      if (pending.size === 0) finish();
    };
    // Batches that hold only transaction markers never reach eachBatch; this event still tells how far the fetch got.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => progress(payload.partition, Number(payload.lastOffset)));

    // Seek (and pause what is not read) on every join: a consumer that crashed and rejoined starts over from the plan.
    const all = (await this.admin.run((admin) => partitionOffsets(admin, topic))).map((w) => w.partition);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      const idle = all.filter((p) => !pending.has(p));
      if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
      for (const r of ranges) if (pending.has(r.partition)) consumer.seek({ topic, partition: r.partition, offset: String(r.start) });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.logger.warn(`browse consumer of "${topic}" crashed: ${errorMessage(payload.error)}`));

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.env.MESSAGES_TIMEOUT_MS)));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch }) => {
          const range = pending.get(batch.partition);
          if (!range) return;
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            if (offset >= range.start && offset < range.end) records.set(`${batch.partition}:${offset}`, { partition: batch.partition, offset, message });
          }
          progress(batch.partition, Number(batch.lastOffset()));
        },
      });
      const stoppedEarly = await Promise.race([done.then(() => false), timedOut]);
      return { records: [...records.values()].sort((a, b) => a.partition - b.partition || a.offset - b.offset), complete: !stoppedEarly };
    } finally {
      clearTimeout(timer);
      // Leaving the group is enough: the next read of this slot joins it afresh (nothing is committed).
      await consumer.disconnect().catch(() => undefined);
      this.slots.push(slot);
    }
  }

  /** The pooled groups go with the service: an instance leaves none behind when it stops cleanly. */
  async onModuleDestroy(): Promise<void> {
    for (let slot = 0; slot < this.env.MESSAGES_MAX_CONCURRENT; slot++) await this.deleteGroup(this.groupOf(slot));
  }

  /** Slot `slot`'s group: this instance's own (its id), reused read after read instead of one group per read. */
  private groupOf(slot: number): string {
    return `${BROWSE_GROUP_PREFIX}${this.instance}-${slot}`;
  }

  private async deleteGroup(groupId: string): Promise<void> {
    try {
      await this.admin.run((admin) => admin.deleteGroups([groupId]));
    } catch (error) {
      // Never joined (the read failed early): nothing to delete.
      if (!/GROUP_ID_NOT_FOUND|does not exist/i.test(JSON.stringify((error as { groups?: unknown }).groups ?? '') + errorMessage(error))) {
        this.logger.warn(`browse group ${groupId} not deleted: ${errorMessage(error)}`);
      }
    }
  }
}
