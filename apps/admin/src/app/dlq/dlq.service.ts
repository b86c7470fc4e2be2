import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { IHeaders, Kafka, Producer, RecordMetadata } from 'kafkajs';
import { NUMBERS_DLQ_CONTRACT, TEXT_LINES_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { DLQ_HEADER_NAMES, DLQ_HEADERS, type TopicContract, type TopicNames } from '@kstream/contracts-core';
import { errorMessage, idempotentProducerConfig, KAFKA_CLIENT, TOPIC_NAMES } from '@kstream/kafka';
import { KafkaAdminService } from '../common/kafka-admin.service';
import { partitionOffsets, requireTopic } from '../common/topic-lookup';
import { MessagesService, toView, type MessageView, type RawRecord } from '../messages/messages.service';
import { readPlan, type PartitionRange } from '../messages/read-plan';

export interface DeadLetter extends MessageView {
  readonly reason: string | null;
  readonly error: string | null;
  readonly service: string | null;
  readonly failedAt: string | null;
  readonly origin: { topic: string; partition: number | null; offset: string | null } | null;
}

export interface RedriveReport {
  readonly dlqTopic: string;
  readonly sent: { from: { partition: number; offset: number }; to: { topic: string; partition: number; offset: string } }[];
  readonly skipped: { partition: number; offset: number; reason: string }[];
  /** Dead letters left for another call when `all` met the per-call cap. */
  readonly remaining: number;
}

function header(headers: IHeaders | undefined, name: string): string | null {
  const v = headers?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? null : first.toString();
}

export function deadLetter(r: RawRecord): DeadLetter {
  const h = r.message.headers;
  const sourceTopic = header(h, DLQ_HEADERS.sourceTopic);
  const partition = header(h, DLQ_HEADERS.sourcePartition);
  return {
    ...toView(r),
    reason: header(h, DLQ_HEADERS.reason),
    error: header(h, DLQ_HEADERS.error),
    service: header(h, DLQ_HEADERS.service),
    failedAt: header(h, DLQ_HEADERS.failedAt),
    origin: sourceTopic === null ? null : { topic: sourceTopic, partition: partition === null ? null : Number(partition), offset: header(h, DLQ_HEADERS.sourceOffset) },
  };
}

const DLQ_CONTRACTS: readonly TopicContract[] = [TEXT_LINES_DLQ_CONTRACT, NUMBERS_DLQ_CONTRACT];

/** A DLQ of the stack, by its contract: the one input it redrives into, and the other topics its consumer dead-letters there. */
export interface RedriveRoute {
  readonly input: string;
  readonly internal: readonly string[];
}

/** Where the dead letters of `dlqTopic` may go back to; undefined when it is not one of the stack's DLQs. */
export function redriveRoute(dlqTopic: string, names: TopicNames): RedriveRoute | undefined {
  const contract = DLQ_CONTRACTS.find((c) => names[c.topic] === dlqTopic);
  if (!contract?.deadLetterOf) return undefined;
  return { input: names[contract.deadLetterOf], internal: (contract.alsoDeadLetterOf ?? []).map((key) => names[key]) };
}

/** The original headers, without the ones the DLQ added. */
export function withoutDlqHeaders(headers: IHeaders | undefined): IHeaders {
  const out: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (!DLQ_HEADER_NAMES.includes(name)) out[name] = value;
  return out;
}

/**
 * Lists dead letters with their reason and origin, and sends chosen (or all) of them
 * back to their source topic: same key, value and headers minus dlq-*, through the
 * idempotent producer, into the partition they came from when it still exists.
 * Only into the input the DLQ belongs to by contract: `dlq-source-topic` is a header anyone
 * can write, and a dead letter of an internal topic sent back there would skip the first stage.
 */
@Injectable()
export class DlqService {
  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly admin: KafkaAdminService,
    private readonly messages: MessagesService,
    @Inject(TOPIC_NAMES) private readonly names: TopicNames,
  ) {}

  async list(topic: string, limit: number): Promise<{ topic: string; deadLetters: DeadLetter[]; complete: boolean }> {
    const ranges = await this.admin.run(async (admin) => {
      await requireTopic(admin, topic);
      return readPlan(await partitionOffsets(admin, topic), Math.min(limit, this.messages.maxLimit));
    });
    const { records, complete } = await this.messages.read(topic, ranges);
    return { topic, deadLetters: records.map(deadLetter), complete };
  }

  async redrive(topic: string, chosen: { partition: number; offset: number }[] | 'all'): Promise<RedriveReport> {
    const route = redriveRoute(topic, this.names);
    if (!route) {
      const dlqs = DLQ_CONTRACTS.map((c) => this.names[c.topic]).join(', ');
      throw new BadRequestException(`"${topic}" is not one of the stack's DLQs (${dlqs}): there is no input to send its records back to`);
    }
    const { ranges, remaining, known } = await this.admin.run(async (admin) => {
      await requireTopic(admin, topic);
      const watermarks = await partitionOffsets(admin, topic);
      return { ...plan(watermarks, chosen, this.messages.maxLimit), known: new Set(await admin.listTopics()) };
    });
    const { records } = await this.messages.read(topic, ranges);
    const wanted = chosen === 'all' ? records : records.filter((r) => chosen.some((c) => c.partition === r.partition && c.offset === r.offset));
    const skipped: RedriveReport['skipped'] = [];
    if (chosen !== 'all') {
      for (const c of chosen) {
        if (!records.some((r) => r.partition === c.partition && r.offset === c.offset)) skipped.push({ ...c, reason: 'no such record in the DLQ' });
      }
    }

    const sent = await this.resend(topic, route, wanted, known, skipped);
    return { dlqTopic: topic, sent, skipped, remaining };
  }

  /** Re-produces each record to the input of its DLQ; what cannot or must not be sent goes to `skipped` with the reason. */
  private async resend(
    dlqTopic: string,
    route: RedriveRoute,
    records: RawRecord[],
    known: Set<string>,
    skipped: RedriveReport['skipped'],
  ): Promise<RedriveReport['sent']> {
    const sent: RedriveReport['sent'] = [];
    const partitionCounts = new Map<string, number>();
    // One producer per redrive: a long-lived kafkajs producer keeps refreshing metadata
    // for every topic it ever wrote to and fails all sends once one of them is deleted.
    let producer: Producer | undefined;
    let failure: string | undefined;
    try {
      for (const r of records) {
        const letter = deadLetter(r);
        const target = letter.origin?.topic;
        if (!target) {
          skipped.push({ partition: r.partition, offset: r.offset, reason: `no ${DLQ_HEADERS.sourceTopic} header` });
          continue;
        }
        if (target !== route.input) {
          const why = route.internal.includes(target) ? 'an internal topic, whose records only the first stage writes' : `not ${route.input}`;
          skipped.push({
            partition: r.partition,
            offset: r.offset,
            reason: `refused: ${DLQ_HEADERS.sourceTopic} "${target}" is ${why}; ${dlqTopic} is redriven to ${route.input} only`,
          });
          continue;
        }
        if (!known.has(target)) {
          skipped.push({ partition: r.partition, offset: r.offset, reason: `source topic "${target}" does not exist` });
          continue;
        }
        if (!partitionCounts.has(target)) partitionCounts.set(target, (await this.admin.run((a) => partitionOffsets(a, target))).length);
        const p = letter.origin?.partition;
        const partition = p !== null && p !== undefined && Number.isInteger(p) && p >= 0 && p < (partitionCounts.get(target) ?? 0) ? p : undefined;
        if (!producer) {
          producer = this.kafka.producer(idempotentProducerConfig());
          await producer.connect();
        }
        if (failure) {
          skipped.push({ partition: r.partition, offset: r.offset, reason: `not sent: an earlier send failed (${failure})` });
          continue;
        }
        let meta: RecordMetadata;
        try {
          [meta] = await producer.send({
            topic: target,
            acks: -1,
            messages: [{ key: r.message.key, value: r.message.value, headers: withoutDlqHeaders(r.message.headers), ...(partition !== undefined && { partition }) }],
          });
        } catch (error) {
          // Stop at the first failure, but still report what went out before it.
          failure = errorMessage(error);
          skipped.push({ partition: r.partition, offset: r.offset, reason: `send failed: ${failure}` });
          continue;
        }
        sent.push({ from: { partition: r.partition, offset: r.offset }, to: { topic: target, partition: meta.partition, offset: meta.baseOffset ?? meta.offset ?? '' } });
      }
    } finally {
      await producer?.disconnect().catch(() => undefined);
    }
    return sent;
  }
}

/** The offsets to read for a redrive: the span of the chosen records per partition, or everything up to the cap. */
function plan(
  watermarks: { partition: number; low: number; high: number }[],
  chosen: { partition: number; offset: number }[] | 'all',
  cap: number,
): { ranges: PartitionRange[]; remaining: number } {
  if (chosen === 'all') {
    let budget = cap;
    let remaining = 0;
    const ranges: PartitionRange[] = [];
    for (const w of watermarks) {
      const take = Math.max(0, Math.min(budget, w.high - w.low));
      budget -= take;
      remaining += w.high - w.low - take;
      if (take > 0) ranges.push({ partition: w.partition, start: w.low, end: w.low + take });
    }
    return { ranges, remaining };
  }
  const ranges: PartitionRange[] = [];
  for (const w of watermarks) {
    const offsets = chosen.filter((c) => c.partition === w.partition && c.offset >= w.low && c.offset < w.high).map((c) => c.offset);
    if (offsets.length === 0) continue;
    const start = Math.min(...offsets);
    const end = Math.max(...offsets) + 1;
    if (end - start > cap * 10) throw new BadRequestException(`the chosen offsets of partition ${w.partition} span ${end - start} records; redrive them in smaller sets`);
    ranges.push({ partition: w.partition, start, end });
  }
  return { ranges, remaining: 0 };
}
