import { DLQ_HEADERS, HEADERS, type RollingMeanRecord, type TopicNames, type WordCountRecord } from '@kstream/contracts';
import { readAll, type ConsumedRecord } from '@kstream/kafka/testing';
import type { Kafka } from 'kafkajs';

/** Header that ties a corpus record to its kind: `<kind index>.<round>.<copy>`. */
export const CASE_HEADER = 'corpus-case';

/** What became of one input record: its results (by source offset) and its dead letters (by dlq-source-*). */
export interface Fate {
  readonly input: ConsumedRecord;
  readonly results: readonly ConsumedRecord[];
  readonly dead: readonly ConsumedRecord[];
}

export interface Ledger {
  readonly textLines: readonly Fate[];
  readonly numbers: readonly Fate[];
  /** Result ids (word-counts `id` field, rolling-means `id` header) and how often each was seen. */
  readonly ids: ReadonlyMap<string, number>;
  readonly dlq: readonly ConsumedRecord[];
}

const at = (partition: number | string, offset: string) => `${partition}@${offset}`;

function group<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) map.set(key, [...(map.get(key) ?? []), item]);
  }
  return map;
}

/**
 * Reads both input topics, their results and their DLQs (read_committed, to the end) and pairs
 * every input record with what came of it. Lost = inputs with neither; duplicated = inputs with
 * more than one. Inputs are matched by their own partition and offset, so the ledger covers every
 * record on the topics, whoever wrote it.
 */
export async function readLedger(kafka: Kafka, topics: TopicNames): Promise<Ledger> {
  const [lines, numbers, counts, means, linesDlq, numbersDlq] = await Promise.all(
    [topics.textLines, topics.numbers, topics.wordCounts, topics.rollingMeans, topics.textLinesDlq, topics.numbersDlq].map((topic) => readAll(kafka, topic)),
  );
  const countOf = (r: ConsumedRecord) => JSON.parse(r.value ?? '') as WordCountRecord;
  const meanOf = (r: ConsumedRecord) => JSON.parse(r.value ?? '') as RollingMeanRecord;
  const countsBySource = group(counts, (r) => at(countOf(r).source.partition, countOf(r).source.offset));
  const meansBySource = group(means, (r) => at(meanOf(r).source.partition, meanOf(r).source.offset));
  const deadBySource = (dlq: ConsumedRecord[], topic: string) =>
    group(dlq, (r) => (r.headers[DLQ_HEADERS.sourceTopic] === topic ? at(r.headers[DLQ_HEADERS.sourcePartition], r.headers[DLQ_HEADERS.sourceOffset]) : undefined));
  const linesDead = deadBySource(linesDlq, topics.textLines);
  const numbersDead = deadBySource(numbersDlq, topics.numbers);

  const ids = new Map<string, number>();
  for (const id of [...counts.map((r) => countOf(r).id), ...means.map((r) => r.headers[HEADERS.id])]) ids.set(id, (ids.get(id) ?? 0) + 1);
  const fate = (results: Map<string, ConsumedRecord[]>, dead: Map<string, ConsumedRecord[]>) => (input: ConsumedRecord) => ({
    input,
    results: results.get(at(input.partition, input.offset)) ?? [],
    dead: dead.get(at(input.partition, input.offset)) ?? [],
  });
  return {
    textLines: lines.map(fate(countsBySource, linesDead)),
    numbers: numbers.map(fate(meansBySource, numbersDead)),
    ids,
    dlq: [...linesDlq, ...numbersDlq],
  };
}

/** Inputs with no result and no dead letter, and inputs with more than one of them. */
export function lostAndDuplicated(fates: readonly Fate[]): { lost: string[]; duplicated: string[] } {
  const where = (f: Fate) => `${f.input.topic}/${at(f.input.partition, f.input.offset)}${f.input.headers[CASE_HEADER] ? ` (${f.input.headers[CASE_HEADER]})` : ''}`;
  return {
    lost: fates.filter((f) => f.results.length + f.dead.length === 0).map(where),
    duplicated: fates.filter((f) => f.results.length + f.dead.length > 1).map(where),
  };
}

export const wordCountOf = (r: ConsumedRecord) => JSON.parse(r.value ?? '') as WordCountRecord;
export const rollingMeanOf = (r: ConsumedRecord) => JSON.parse(r.value ?? '') as RollingMeanRecord;
