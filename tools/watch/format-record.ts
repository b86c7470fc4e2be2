import { DLQ_HEADERS, TOPICS } from '@kstream/contracts-core';

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
  if (kind === TOPICS.textLinesDlq || kind === TOPICS.numbersDlq) {
    const h = record.headers;
    const origin = `${h[DLQ_HEADERS.sourceTopic]}[${h[DLQ_HEADERS.sourcePartition]}]@${h[DLQ_HEADERS.sourceOffset]}`;
    return `${where} ${h[DLQ_HEADERS.reason]} from ${origin}: ${h[DLQ_HEADERS.error]}  value ${JSON.stringify(shorten(record.value ?? '', 60))}`;
  }
  const key = record.key === null ? '' : `${record.key} → `;
  return `${where} ${key}${shorten(record.value ?? '<null>', 120)}`;
}
