import { decodeTextLine, type RawRecord, type RollingMeanRecord, type SeriesNumber, type WordCountRecord } from '@kstream/contracts';
import { countLine } from '@kstream/util-counting';
import { javaReadCommittedFrom } from '@kstream/contracts-core/testing';
import { readAll, type ConsumedRecord } from '@kstream/kafka/testing';
import { EMPTY_WINDOW, pushValue, type WindowState } from '@kstream/util-window';
import type { Load, Sent } from './load';
import type { ChaosStack } from './stack';

/** What a scenario measured: the figures docs/reliability.md reports. */
export interface Verdict {
  /** Acknowledged (2xx) inputs. */
  readonly acked: number;
  /** Indeterminate inputs (no answer, 5xx). */
  readonly indeterminate: number;
  /** The indeterminate answers by HTTP status (0: none, the connection failed or the client gave up). */
  readonly indeterminateStatuses: Record<string, number>;
  /** Of the indeterminate ones, how many did land (they have a result). */
  readonly indeterminateLanded: number;
  /** 4xx answers: every input is valid, so any is a fault of ingest. */
  readonly refused: number;
  /** Acked ids with neither a result nor a dead letter. */
  readonly lost: string[];
  /** Of the lost ids, those missing from the input topics already (ingest acked what the broker does not hold). */
  readonly lostBeforeInput: string[];
  /** For each lost id missing from the input: what the input topic holds at the offset ingest reported. */
  readonly lostEvidence: string[];
  /** Ids with more than one result or dead letter. */
  readonly duplicates: string[];
  /** For each duplicate: where its copies are and which input each came from. */
  readonly duplicateEvidence: string[];
  /** For the first duplicates, what Kafka's Java client (read_committed) returns at each copy's position: a second reader's verdict. */
  readonly secondReader: string[];
  /** Ids read twice from the input topics: the producer wrote one request twice. */
  readonly inputDuplicates: string[];
  /** Results whose id was never sent, or was refused. */
  readonly phantoms: string[];
  /**
   * Results of rolling-mean that differ from the reference model (each series' window folded over
   * its repartition partition in offset order), and numbers of one input partition that reached
   * their series' partition out of their input order.
   */
  readonly meanMismatches: string[];
  /** Words whose final `word-totals` record differs from a recount of the input, or that live in more than one partition. */
  readonly totalMismatches: string[];
  readonly results: number;
  readonly deadLetters: number;
  /**
   * Ids of the load's inputs found in a DLQ. Every input the load sends is valid, so each is a
   * failure (a valid record the processors gave up on), acked or not: a dead letter must not pass
   * for a result when counting what was lost.
   */
  readonly validDeadLettered: string[];
}

const idOf = (r: ConsumedRecord): string | undefined => r.headers['id'];

/**
 * Reads every output and dead-letter topic with a fresh read_committed reader and judges the
 * run: lost = A − (results ∪ DLQ), duplicates = ids seen twice. The rolling means are checked
 * against the reference model fed with the input topic in offset order, per partition.
 */
export async function judge(stack: ChaosStack, load: Load): Promise<Verdict> {
  const { kafka, topics } = stack;
  const [lines, numbers, counts, means, lineDlq, numberDlq, routed, totals] = await Promise.all(
    [topics.textLines, topics.numbers, topics.wordCounts, topics.rollingMeans, topics.textLinesDlq, topics.numbersDlq, topics.rollingMeanRepartition, topics.wordTotals].map((t) =>
      readAll(kafka, t),
    ),
  );
  const byId = new Map<string, Sent>(load.sent.map((s) => [s.id, s]));

  const seen = new Map<string, number>();
  const copies = new Map<string, string[]>();
  const positions = new Map<string, ConsumedRecord[]>();
  const note = (id: string | undefined, r: ConsumedRecord) => {
    if (id === undefined) return;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    const source = r.value?.startsWith('{') ? (JSON.parse(r.value) as { source?: { partition: number; offset: string } }).source : undefined;
    const from = source ? source : { partition: r.headers['dlq-source-partition'], offset: r.headers['dlq-source-offset'] };
    copies.set(id, [...(copies.get(id) ?? []), `${r.topic} ${r.partition}@${r.offset} from ${from.partition}@${from.offset}`]);
    positions.set(id, [...(positions.get(id) ?? []), r]);
  };
  for (const r of counts) note((JSON.parse(r.value ?? '{}') as WordCountRecord).id, r);
  for (const r of means) note(idOf(r), r);
  for (const r of [...lineDlq, ...numberDlq]) note(idOf(r), r);
  const deadLetteredIds = [...lineDlq, ...numberDlq].map(idOf).filter((id): id is string => id !== undefined && byId.has(id));

  const inputSeen = new Map<string, number>();
  for (const r of [...lines, ...numbers]) {
    const id = idOf(r);
    if (id !== undefined) inputSeen.set(id, (inputSeen.get(id) ?? 0) + 1);
  }

  const acked = load.sent.filter((s) => s.outcome === 'acked');
  const lost = acked.filter((s) => !seen.has(s.id));
  const lostBeforeInput = lost.filter((s) => !inputSeen.has(s.id));
  const inputAt = new Map<string, ConsumedRecord>();
  for (const r of lines) inputAt.set(`line:${r.partition}@${r.offset}`, r);
  for (const r of numbers) inputAt.set(`number:${r.partition}@${r.offset}`, r);
  const lostEvidence = lostBeforeInput.map((s) => {
    const at = s.delivery ? inputAt.get(`${s.kind}:${s.delivery.partition}@${s.delivery.offset}`) : undefined;
    const holder = at ? idOf(at) : undefined;
    return `${s.id} acked as ${s.delivery?.partition}@${s.delivery?.offset}, which holds ${holder ?? 'nothing'}${holder ? ` (${byId.get(holder)?.outcome ?? 'unknown'}, status ${byId.get(holder)?.status})` : ''}`;
  });
  const indeterminate = load.sent.filter((s) => s.outcome === 'indeterminate');
  return {
    acked: acked.length,
    indeterminate: indeterminate.length,
    indeterminateStatuses: indeterminate.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {}),
    indeterminateLanded: indeterminate.filter((s) => seen.has(s.id)).length,
    refused: load.sent.filter((s) => s.outcome === 'refused').length,
    lost: lost.map((s) => s.id),
    lostBeforeInput: lostBeforeInput.map((s) => s.id),
    lostEvidence,
    duplicates: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
    duplicateEvidence: [...seen].filter(([, n]) => n > 1).map(([id]) => `${id}: ${(copies.get(id) ?? []).join(', ')}`),
    secondReader: await secondReader(stack.options.brokers, [...seen].filter(([, n]) => n > 1).slice(0, 4).flatMap(([id]) => positions.get(id) ?? [])),
    inputDuplicates: [...inputSeen].filter(([, n]) => n > 1).map(([id]) => id),
    phantoms: [...seen.keys()].filter((id) => byId.get(id) === undefined || byId.get(id)?.outcome === 'refused'),
    meanMismatches: checkMeans(routed, means),
    totalMismatches: checkTotals(lines, totals),
    results: counts.length + means.length,
    deadLetters: lineDlq.length + numberDlq.length,
    validDeadLettered: [...new Set(deadLetteredIds)],
  };
}

/**
 * Every rolling-means record against pushValue over its series' repartition partition in offset
 * order: the order the series' numbers reached the task that keeps its window. Also checks the
 * order rule: numbers of one input partition reach their series' partition in their input order.
 */
function checkMeans(routed: readonly ConsumedRecord[], outputs: readonly ConsumedRecord[], size = 3): string[] {
  const windows = new Map<string, WindowState>();
  const expected = new Map<string, { window: readonly number[]; count: number; mean: number | null }>();
  const lastOffset = new Map<string, bigint>();
  const mismatches: string[] = [];
  for (const record of routed) {
    const { series, value, source } = JSON.parse(record.value ?? '{}') as SeriesNumber;
    const step = pushValue(windows.get(series) ?? EMPTY_WINDOW, value, size);
    windows.set(series, step);
    const from = `${source.partition}@${source.offset}`;
    expected.set(from, { window: step.window, count: step.count, mean: step.mean });
    const lane = `${source.partition}\u0000${series}`;
    const before = lastOffset.get(lane);
    if (before !== undefined && BigInt(source.offset) <= before) mismatches.push(`${series}: input ${from} reached its series' partition after input offset ${before}`);
    lastOffset.set(lane, BigInt(source.offset));
  }
  for (const r of outputs) {
    const out = JSON.parse(r.value ?? '{}') as RollingMeanRecord;
    const at = `${out.source.partition}@${out.source.offset}`;
    const want = expected.get(at);
    const same = want !== undefined && JSON.stringify(want.window) === JSON.stringify(out.window) && want.count === out.count && Object.is(want.mean, out.mean);
    if (!same) mismatches.push(`${at}: got ${JSON.stringify({ window: out.window, count: out.count, mean: out.mean })}, want ${JSON.stringify(want)}`);
  }
  return mismatches;
}

/** The latest `word-totals` record of every word against a recount of every input line; a word in two partitions is a mismatch too. */
function checkTotals(lines: readonly ConsumedRecord[], totals: readonly ConsumedRecord[], threshold = 6): string[] {
  const recount = new Map<string, number>();
  for (const line of lines) {
    const decoded = decodeTextLine(line.message as RawRecord);
    if (!decoded.ok) continue;
    for (const [word, n] of countLine(decoded.value.text, threshold).occurrences) recount.set(word, (recount.get(word) ?? 0) + n);
  }
  const latest = new Map<string, { count: number; partition: number }>();
  const mismatches: string[] = [];
  for (const r of totals) {
    const { word, count } = JSON.parse(r.value ?? '{}') as { word: string; count: number };
    const earlier = latest.get(word);
    if (earlier && earlier.partition !== r.partition) mismatches.push(`${word}: in partitions ${earlier.partition} and ${r.partition}`);
    latest.set(word, { count, partition: r.partition });
  }
  for (const [word, count] of recount) if (latest.get(word)?.count !== count) mismatches.push(`${word}: total ${latest.get(word)?.count ?? 'missing'}, recount ${count}`);
  for (const word of latest.keys()) if (!recount.has(word)) mismatches.push(`${word}: total without any line`);
  return mismatches;
}

/** The verdict as one line for the log, with the first few ids of each kind of failure. */
export function summary(name: string, v: Verdict, extra: Record<string, unknown> = {}): string {
  const few = (ids: string[]) => `${ids.length}${ids.length > 0 ? ` (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})` : ''}`;
  return (
    `[chaos] ${name}: A ${v.acked}, I ${v.indeterminate} ${JSON.stringify(v.indeterminateStatuses)} (${v.indeterminateLanded} landed), refused ${v.refused}, ` +
    `lost ${few(v.lost)} of which not in the input ${few(v.lostBeforeInput)}, duplicates ${few(v.duplicates)}, input duplicates ${few(v.inputDuplicates)}, phantoms ${few(v.phantoms)}, ` +
    `mean mismatches ${few(v.meanMismatches)}, total mismatches ${few(v.totalMismatches)}, results ${v.results}, dead letters ${v.deadLetters} (valid inputs among them ${few(v.validDeadLettered)})` +
    (v.duplicateEvidence.length > 0 ? `, duplicate evidence ${JSON.stringify(v.duplicateEvidence.slice(0, 10))}, second reader ${JSON.stringify(v.secondReader)}` : '') +
    (v.lostEvidence.length > 0 ? `, lost evidence ${JSON.stringify(v.lostEvidence.slice(0, 10))}` : '') +
    Object.entries(extra).map(([k, val]) => `, ${k} ${typeof val === 'object' ? JSON.stringify(val) : String(val)}`).join('')
  );
}

/**
 * Each record's position read again by Kafka's console consumer (Java, read_committed): "committed"
 * when it returns that offset, "not committed for Java" when it skips past it. kafkajs read the
 * verdict's records; where the two readers disagree, the reader is at fault, not the pipeline.
 */
async function secondReader(brokers: string, records: readonly ConsumedRecord[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of records) {
    const first = await javaReadCommittedFrom(brokers, r.topic, r.partition, r.offset);
    out.push(`${r.topic} ${r.partition}@${r.offset}: ${first === r.offset ? 'committed' : `not committed for Java (it returns ${first ?? 'nothing'})`}`);
  }
  return out;
}
