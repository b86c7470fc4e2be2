import { APPS, DLQ_HEADERS, TOPICS } from '@kstream/contracts-core';

export interface WatchedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Which of the stack's topics a (possibly suffixed) topic name is. */
function kindOf(topic: string): string | undefined {
  return Object.values(TOPICS)
    .sort((a, b) => b.length - a.length)
    .find((name) => topic === name || topic.startsWith(`${name}-`));
}

function json(value: string | null): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const shorten = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const fmt = (n: unknown) => (typeof n === 'number' ? String(Math.round(n * 1e6) / 1e6) : String(n));

/** The app whose two stages an internal topic joins, and where its results are read instead. */
const INTERNAL: Partial<Record<string, { app: string; results: string }>> = {
  [TOPICS.wordCountRepartition]: { app: APPS.wordCount, results: TOPICS.wordTotals },
  [TOPICS.rollingMeanRepartition]: { app: APPS.rollingMean, results: TOPICS.rollingMeans },
};

/** What `npm run watch` says before the records of an internal topic; undefined for any other topic. */
export function internalTopicNote(topic: string): string | undefined {
  const kind = kindOf(topic);
  const internal = kind === undefined ? undefined : INTERNAL[kind];
  if (!internal) return undefined;
  return `${topic} is an internal topic of ${internal.app}, between its two stages: its results are in ${internal.results}`;
}

/** One human-readable line per record, shaped by the topic it came from. */
export function formatRecord(record: WatchedRecord): string {
  const where = `[${record.partition}@${record.offset}]`;
  const kind = kindOf(record.topic);
  const body = json(record.value);

  if ((kind === TOPICS.wordCounts || kind === TOPICS.wordAlerts) && body) {
    const alert = body['alert'] ? `  ALERT (more than ${fmt(body['threshold'])} words)` : '';
    return `${where} ${fmt(body['words'])} words${alert}  "${shorten(String(body['text']))}"`;
  }
  if (kind === TOPICS.wordTotals && body) {
    return `${where} ${String(body['word'])}: ${fmt(body['count'])}`;
  }
  if (kind === TOPICS.rollingMeans && body) {
    const window = Array.isArray(body['window']) ? body['window'].map(fmt).join(', ') : '';
    const mean = body['mean'] === null ? 'mean —' : `mean ${fmt(body['mean'])}`;
    return `${where} ${String(body['series'])}: ${fmt(body['value'])}  window [${window}]  ${mean}`;
  }
  // Marked on every line: a record here is a step inside word-count or rolling-mean, not a result.
  if (kind === TOPICS.wordCountRepartition && body) {
    return `${where} ${String(body['word'])}: +${fmt(body['count'])}  (internal)`;
  }
  if (kind === TOPICS.rollingMeanRepartition && body) {
    const source = body['source'] as Record<string, unknown> | undefined;
    const from = source ? `  from ${String(source['topic'])}[${String(source['partition'])}]@${String(source['offset'])}` : '';
    return `${where} ${String(body['series'])}: ${fmt(body['value'])}  id ${String(body['id'])}${from}  (internal)`;
  }
  if (kind === TOPICS.textLinesDlq || kind === TOPICS.numbersDlq) {
    const h = record.headers;
    const origin = `${h[DLQ_HEADERS.sourceTopic]}[${h[DLQ_HEADERS.sourcePartition]}]@${h[DLQ_HEADERS.sourceOffset]}`;
    return `${where} ${h[DLQ_HEADERS.reason]} from ${origin}: ${h[DLQ_HEADERS.error]}  value ${JSON.stringify(shorten(record.value ?? '', 60))}`;
  }
  const key = record.key === null ? '' : `${record.key} → `;
  return `${where} ${key}${shorten(record.value ?? '<null>', 120)}`;
}
