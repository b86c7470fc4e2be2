import type { Check, LatencyRun, Run } from './scenarios';
import { spread, type Spread } from './stats';

export interface ScenarioRuns {
  readonly group: string;
  readonly id: string;
  /** Value bytes of one record, for MB/s. */
  readonly valueBytes: number;
  readonly runs: readonly Run[];
}

export interface ScenarioSummary {
  readonly group: string;
  readonly id: string;
  readonly label: string;
  readonly valueBytes: number;
  readonly recordsPerSec: Spread;
  readonly mbPerSec: Spread;
  readonly clientCpuSec: Spread;
  readonly recordsPerCpuSec: Spread;
  readonly appCpuSec?: Spread;
  readonly peakRssMb: Spread;
  readonly brokerCpuSec: Spread;
  readonly notes: string[];
  readonly runs: readonly Run[];
}

export interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly config: Record<string, unknown>;
  readonly roundsDone: number;
  readonly durationSec: number;
  readonly machine: { cpus: number; cpuModel: string; memGb: number; loadAverage: { samples: number; min: number; max: number; mean: number } };
  readonly versions: Record<string, string>;
  readonly scenarios: ScenarioSummary[];
  readonly latency: LatencyRun[];
  readonly latencyPeakRssMb: Record<string, number>;
  readonly checks: Check[];
  readonly errors: string[];
  readonly warnings: string[];
}

const LABELS: Record<string, string> = {
  'java-producer-perf': 'Kafka ProducerPerformance (Java)',
  'kafkajs-sendbatch': 'raw kafkajs sendBatch (patched, as installed)',
  'kafkajs-stock-sendbatch': 'raw kafkajs sendBatch, stock from npm',
  'ingest-in-process': 'ingest batching path, in-process',
  'ingest-http-batch': 'ingest HTTP NDJSON /lines/batch',
  'ingest-http-single': 'ingest HTTP single /lines',
  'java-consumer-perf': 'Kafka ConsumerPerformance (Java)',
  'kafkajs-noop': 'raw kafkajs eachBatch, no-op',
  'kafkajs-task': 'raw kafkajs eachBatch + same task',
  'kafkajs-eos-copy': 'raw kafkajs transactional copy, no task',
  'nest-event-pattern': 'stock NestJS @EventPattern + same task',
  'service-eos': 'the service, exactly-once',
  'service-eos-avro': 'the service, exactly-once, the same records as Avro (schema registry)',
};

export function summarise(s: ScenarioRuns): ScenarioSummary {
  const rps = s.runs.map((r) => (r.records / r.ms) * 1000);
  return {
    group: s.group,
    id: s.id,
    label: s.id === 'service-eos' ? `${s.group} service, exactly-once` : s.id === 'service-eos-avro' ? `${s.group} service, exactly-once, Avro input` : LABELS[s.id] ?? s.id,
    valueBytes: s.valueBytes,
    recordsPerSec: spread(rps),
    mbPerSec: spread(rps.map((r) => (r * s.valueBytes) / 1e6)),
    clientCpuSec: spread(s.runs.map((r) => r.clientCpuSec)),
    recordsPerCpuSec: spread(s.runs.map((r) => r.records / r.clientCpuSec)),
    ...(s.runs.some((r) => r.appCpuSec !== undefined) && { appCpuSec: spread(s.runs.map((r) => r.appCpuSec ?? NaN)) }),
    peakRssMb: spread(s.runs.map((r) => r.peakRssMb)),
    brokerCpuSec: spread(s.runs.map((r) => r.brokerCpuSec)),
    notes: [...new Set(s.runs.flatMap((r) => (r.note ? [r.note.replace(/[\d.]+ CPU-s, peak RSS \d+ MB/, 'see JSON')] : [])))],
    runs: s.runs,
  };
}

function find(results: BenchResults, group: string, id: string): ScenarioSummary | undefined {
  return results.scenarios.find((s) => s.group === group && s.id === id && s.recordsPerSec.n > 0);
}

export function ratio(results: BenchResults, group: string, id: string, baseGroup: string, baseId: string, field: 'recordsPerSec' | 'recordsPerCpuSec' = 'recordsPerSec'): number {
  const a = find(results, group, id);
  const b = find(results, baseGroup, baseId);
  return a && b ? a[field].median / b[field].median : NaN;
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const n2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');
const pct = (s: Spread) => (Number.isFinite(s.relIqrHalf) ? `±${(s.relIqrHalf * 100).toFixed(0)} %` : '');

export interface Target {
  readonly text: string;
  readonly measured: number;
  readonly goal: number;
  readonly kind: 'min' | 'max';
  readonly unit: string;
}

export function targets(r: BenchResults): Target[] {
  const t: Target[] = [
    { text: 'ingest in-process ≥ 0.9 × raw kafkajs', measured: ratio(r, 'produce', 'ingest-in-process', 'produce', 'kafkajs-sendbatch'), goal: 0.9, kind: 'min', unit: '×' },
    { text: 'ingest HTTP batch ≥ 0.7 × raw kafkajs', measured: ratio(r, 'produce', 'ingest-http-batch', 'produce', 'kafkajs-sendbatch'), goal: 0.7, kind: 'min', unit: '×' },
    { text: 'ingest in-process vs Java producer (aim ≥ 0.5 ×)', measured: ratio(r, 'produce', 'ingest-in-process', 'produce', 'java-producer-perf'), goal: 0.5, kind: 'min', unit: '×' },
    { text: 'ingest HTTP batch vs Java producer (aim ≥ 0.5 ×)', measured: ratio(r, 'produce', 'ingest-http-batch', 'produce', 'java-producer-perf'), goal: 0.5, kind: 'min', unit: '×' },
  ];
  for (const w of ['word-count', 'rolling-mean']) {
    t.push({ text: `${w} exactly-once ≥ 0.7 × raw kafkajs counting consumer`, measured: ratio(r, w, 'service-eos', w, 'kafkajs-task'), goal: 0.7, kind: 'min', unit: '×' });
    t.push({ text: `${w} exactly-once ≥ 0.5 × bare kafkajs transactional copy`, measured: ratio(r, w, 'service-eos', w, 'kafkajs-eos-copy'), goal: 0.5, kind: 'min', unit: '×' });
    t.push({ text: `${w} exactly-once ≥ 3 × stock NestJS handler`, measured: ratio(r, w, 'service-eos', w, 'nest-event-pattern'), goal: 3, kind: 'min', unit: '×' });
  }
  const at1000 = r.latency.find((l) => l.rate === 1000);
  t.push({ text: 'ingest → rolling-means latency at 1,000 records/s: p50 ≤ 10 ms', measured: at1000?.p50 ?? NaN, goal: 10, kind: 'max', unit: 'ms' });
  t.push({ text: 'ingest → rolling-means latency at 1,000 records/s: p99 ≤ 30 ms', measured: at1000?.p99 ?? NaN, goal: 30, kind: 'max', unit: 'ms' });
  const rss = (group: string, id: string) => Math.max(find(r, group, id)?.peakRssMb.max ?? NaN, r.latencyPeakRssMb[group === 'produce' ? 'ingest-producer' : group] ?? -Infinity);
  t.push({ text: 'ingest-producer peak RSS ≤ 200 MB', measured: Math.max(rss('produce', 'ingest-http-batch'), rss('produce', 'ingest-http-single')), goal: 200, kind: 'max', unit: 'MB' });
  t.push({ text: 'word-count peak RSS ≤ 200 MB', measured: rss('word-count', 'service-eos'), goal: 200, kind: 'max', unit: 'MB' });
  t.push({ text: 'rolling-mean peak RSS ≤ 200 MB', measured: rss('rolling-mean', 'service-eos'), goal: 200, kind: 'max', unit: 'MB' });
  return t;
}

export function renderMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`Run ${r.date} · \`${r.command}\` · ${r.roundsDone} round(s) · ${r.durationSec} s · ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memGb} GB · load average during the run ${n1(r.machine.loadAverage.min)}–${n1(r.machine.loadAverage.max)} (mean ${n1(r.machine.loadAverage.mean)})`);
  lines.push('');
  lines.push(`Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  lines.push('');
  const baseOf: Record<string, [string, string][]> = {
    produce: [['kafkajs-sendbatch', 'kafkajs'], ['kafkajs-stock-sendbatch', 'stock kafkajs'], ['java-producer-perf', 'Java']],
    'word-count': [['kafkajs-task', 'kafkajs task'], ['kafkajs-eos-copy', 'bare EOS copy'], ['nest-event-pattern', 'Nest']],
    'rolling-mean': [['kafkajs-task', 'kafkajs task'], ['kafkajs-eos-copy', 'bare EOS copy'], ['nest-event-pattern', 'Nest']],
  };
  for (const group of ['produce', 'word-count', 'rolling-mean']) {
    lines.push(`### ${group === 'produce' ? 'Produce (100-byte lines, acks=all, 3 partitions)' : `Consume: ${group} (${r.config['consumeRecords']} JSON records preloaded, drained from the earliest offset)`}`);
    lines.push('');
    const bases = baseOf[group];
    lines.push(`| scenario | runs | records/s (median, spread) | min–max | MB/s | client CPU-s | records per client CPU-s | peak RSS MB | broker CPU-s | ${bases.map(([, l]) => `× ${l}`).join(' | ')} |`);
    lines.push(`|---|---|---|---|---|---|---|---|---|${bases.map(() => '---').join('|')}|`);
    for (const s of r.scenarios.filter((x) => x.group === group)) {
      if (s.recordsPerSec.n === 0) {
        lines.push(`| ${s.label} | 0 | not measured | | | | | | | ${bases.map(() => '').join(' | ')} |`);
        continue;
      }
      const ratios = bases.map(([id]) => n2(ratio(r, group, s.id, group, id)));
      lines.push(
        `| ${s.label} | ${s.recordsPerSec.n} | ${n0(s.recordsPerSec.median)} ${pct(s.recordsPerSec)} | ${n0(s.recordsPerSec.min)}–${n0(s.recordsPerSec.max)} | ${n2(s.mbPerSec.median)} | ${n2(s.clientCpuSec.median)} | ${n0(s.recordsPerCpuSec.median)} | ${n0(s.peakRssMb.max)} | ${n2(s.brokerCpuSec.median)} | ${ratios.join(' | ')} |`,
      );
    }
    lines.push('');
    for (const s of r.scenarios.filter((x) => x.group === group)) {
      const hops = s.runs.flatMap((run) => (run.stages ? [run.stages] : []));
      if (hops.length === 0) continue;
      const last = hops[hops.length - 1];
      lines.push(
        `${s.label}, records through each stage (last run): ${n0(last.input)} in → ${n0(last.internal)} on the internal topic (${n2(last.internal / last.input)} per input, ` +
          `${n1(spread(hops.map((h) => h.internalBytesPerInput)).median)} bytes of key and value per input record, median of ${hops.length}) → ${n0(last.output)} out.`,
      );
      lines.push('');
    }
  }
  lines.push('### Latency');
  lines.push('');
  if (r.latency.length === 0) lines.push('Not measured in this run.');
  else {
    lines.push('| path | offered rate | records | p50 ms | p99 ms | p99.9 ms | max ms | p50 to ack / to result sent / sent to read, ms | ingest CPU-s | rolling-mean CPU-s |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const l of r.latency) {
      lines.push(`| ${l.rate === 0 ? l.label : 'HTTP POST /numbers/batch → ingest → rolling-mean (exactly-once) → rolling-means, read_committed'} | ${l.rate === 0 ? '–' : `${n0(l.rate)}/s (${l.label})`} | ${n0(l.records)}${l.missing ? ` (${l.missing} missing)` : ''} | ${n1(l.p50)} | ${n1(l.p99)} | ${n1(l.p999)} | ${l.max === undefined ? '–' : n1(l.max)} | ${l.stages ? `${n1(l.stages.ack)} / ${n1(l.stages.toOutput)} / ${n1(l.stages.visible)}` : '–'} | ${l.ingestCpuSec === undefined ? '–' : n2(l.ingestCpuSec)} | ${l.rollingMeanCpuSec === undefined ? '–' : n2(l.rollingMeanCpuSec)} |`);
    }
  }
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push('| target | measured | met |');
  lines.push('|---|---|---|');
  for (const t of targets(r)) {
    const met = !Number.isFinite(t.measured) ? 'not measured' : (t.kind === 'min' ? t.measured >= t.goal : t.measured <= t.goal) ? 'yes' : 'no';
    lines.push(`| ${t.text} | ${t.unit === '×' ? `${n2(t.measured)} ×` : `${n0(t.measured)} ${t.unit}`} | ${met} |`);
  }
  lines.push('');
  const failed = r.checks.filter((c) => !c.ok);
  lines.push(`Checks: ${r.checks.length - failed.length} of ${r.checks.length} passed${failed.length ? `; failed: ${failed.map((c) => `${c.scenario} ${c.what} expected ${c.expected} got ${c.actual}`).join('; ')}` : ''}.`);
  if (r.errors.length) lines.push('', `Errors: ${r.errors.map((e) => e.split('\n')[0]).join('; ')}`);
  if (r.warnings.length) lines.push('', `Warnings: ${r.warnings.join('; ')}`);
  lines.push('');
  return lines.join('\n');
}

/** A horizontal bar chart of the median records/s per scenario, with min–max whiskers; no library. */
export function renderSvg(r: BenchResults): string {
  const groups = ['produce', 'word-count', 'rolling-mean'];
  const barH = 18;
  const gap = 6;
  const left = 300;
  const width = 900;
  const plotW = width - left - 80;
  let y = 40;
  const parts: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  parts.push(`<text x="10" y="22" font-size="15" font-weight="bold">Records per second, median of ${r.roundsDone} round(s), whiskers min–max (${esc(r.machine.cpus + ' cores, load ' + n1(r.machine.loadAverage.mean))})</text>`);
  const colors: Record<string, string> = { 'java-producer-perf': '#7f7f7f', 'java-consumer-perf': '#7f7f7f', 'kafkajs-sendbatch': '#1f77b4', 'kafkajs-stock-sendbatch': '#9edae5', 'kafkajs-noop': '#aec7e8', 'kafkajs-task': '#1f77b4', 'kafkajs-eos-copy': '#9467bd', 'nest-event-pattern': '#ff7f0e', 'service-eos': '#2ca02c', 'service-eos-avro': '#17becf', 'ingest-in-process': '#2ca02c', 'ingest-http-batch': '#98df8a', 'ingest-http-single': '#d62728' };
  for (const group of groups) {
    const list = r.scenarios.filter((s) => s.group === group);
    const max = Math.max(1, ...list.map((s) => (Number.isFinite(s.recordsPerSec.max) ? s.recordsPerSec.max : 0)));
    parts.push(`<text x="10" y="${y + 14}" font-size="13" font-weight="bold">${esc(group === 'produce' ? 'Produce, 100-byte records' : `Consume: ${group}`)}</text>`);
    y += 22;
    for (const s of list) {
      const m = s.recordsPerSec;
      const w = Number.isFinite(m.median) ? (m.median / max) * plotW : 0;
      parts.push(`<text x="${left - 8}" y="${y + 13}" font-size="12" text-anchor="end">${esc(s.label)}</text>`);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colors[s.id] ?? '#999'}"/>`);
      let end = left + w;
      if (Number.isFinite(m.min)) {
        const x1 = left + (m.min / max) * plotW;
        const x2 = left + (m.max / max) * plotW;
        const mid = y + barH / 2;
        parts.push(`<line x1="${x1.toFixed(1)}" x2="${x2.toFixed(1)}" y1="${mid}" y2="${mid}" stroke="#333" stroke-width="1"/>`);
        parts.push(`<line x1="${x1.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#333"/><line x1="${x2.toFixed(1)}" x2="${x2.toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#333"/>`);
        end = Math.max(end, x2);
      }
      parts.push(`<text x="${(end + 6).toFixed(1)}" y="${y + 13}" font-size="12">${Number.isFinite(m.median) ? n0(m.median) : 'not measured'}</text>`);
      y += barH + gap;
    }
    y += 12;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}
