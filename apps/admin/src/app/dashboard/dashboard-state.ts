import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import type { WordCountRecord } from '@kstream/contract-word-counts';

export interface LineView {
  readonly id: string;
  readonly text: string;
  readonly words: number;
  readonly alert: boolean;
  readonly threshold: number;
  readonly processedAt: string;
}

export interface SeriesPoint {
  /** The series' running count of values: the x axis. */
  readonly n: number;
  readonly value: number;
  readonly mean: number | null;
  readonly at: string;
}

export interface SeriesSummary {
  readonly name: string;
  readonly count: number;
  readonly last: number;
  readonly mean: number | null;
  readonly at: string;
}

export interface StreamUpdate {
  readonly lines: LineView[];
  readonly alerts: LineView[];
  /** Records seen since the dashboard started reading, per output. */
  readonly seen: { wordCounts: number; wordAlerts: number; rollingMeans: number; wordTotals: number };
  /** Most recently updated first. */
  readonly series: SeriesSummary[];
  /** Points of the series that changed since the last update (all of them in a full update). */
  readonly points: Record<string, SeriesPoint[]>;
  readonly topWords: { word: string; count: number }[];
}

export interface DashboardLimits {
  readonly lines: number;
  readonly alerts: number;
  readonly pointsPerSeries: number;
  readonly series: number;
  readonly topWords: number;
}

export const DEFAULT_LIMITS: DashboardLimits = { lines: 15, alerts: 8, pointsPerSeries: 60, series: 50, topWords: 12 };

function lineView(r: WordCountRecord): LineView {
  return { id: r.id, text: r.text, words: r.words, alert: r.alert, threshold: r.threshold, processedAt: r.processedAt };
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/**
 * What the page shows, folded from the output topics: bounded lists of the latest lines,
 * alerts and points per series, and the word totals. Records are folded as they come;
 * the page gets a summary at most every push interval, never one message per record.
 */
export class DashboardState {
  private readonly lines: LineView[] = [];
  private readonly alerts: LineView[] = [];
  private readonly series = new Map<string, SeriesPoint[]>();
  private readonly changedSeries = new Set<string>();
  /** word → its latest count: word-totals keeps a word in one partition, and its latest record is its total. */
  private readonly totals = new Map<string, number>();
  private readonly seen = { wordCounts: 0, wordAlerts: 0, rollingMeans: 0, wordTotals: 0 };
  private changed = false;

  constructor(private readonly limits: DashboardLimits = DEFAULT_LIMITS) {}

  /** Counts records that were read but not folded one by one (sampled away). */
  count(kind: keyof StreamUpdate['seen'], n: number): void {
    if (n <= 0) return;
    this.seen[kind] += n;
    this.changed = true;
  }

  addLine(record: WordCountRecord): void {
    pushBounded(this.lines, lineView(record), this.limits.lines);
    this.changed = true;
  }

  addAlert(record: WordCountRecord): void {
    pushBounded(this.alerts, lineView(record), this.limits.alerts);
    this.changed = true;
  }

  addMean(record: RollingMeanRecord): void {
    const points = this.series.get(record.series) ?? [];
    // Re-inserted so the map keeps the most recently updated series last.
    this.series.delete(record.series);
    pushBounded(points, { n: record.count, value: record.value, mean: record.mean, at: record.processedAt }, this.limits.pointsPerSeries);
    this.series.set(record.series, points);
    this.changedSeries.add(record.series);
    if (this.series.size > this.limits.series) {
      const oldest = this.series.keys().next().value;
      if (oldest !== undefined) {
        this.series.delete(oldest);
        this.changedSeries.delete(oldest);
      }
    }
    this.changed = true;
  }

  /** A word-totals record; `count` null is a tombstone. */
  setTotal(word: string, count: number | null): void {
    if (count === null) this.totals.delete(word);
    else this.totals.set(word, count);
    this.changed = true;
  }

  /** The most frequent words, from their latest totals. */
  topWords(limit = this.limits.topWords): { word: string; count: number }[] {
    return [...this.totals]
      .map(([word, count]) => ({ word, count }))
      .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
      .slice(0, limit);
  }

  /** Whether anything changed since the last `update()`. */
  get dirty(): boolean {
    return this.changed;
  }

  /** The page's view; `full` sends every series' points (a new page), else only the changed ones. */
  update(full = false): StreamUpdate {
    const names = full ? [...this.series.keys()] : [...this.changedSeries];
    const points: Record<string, SeriesPoint[]> = {};
    for (const name of names) {
      const p = this.series.get(name);
      if (p) points[name] = [...p];
    }
    if (!full) {
      this.changedSeries.clear();
      this.changed = false;
    }
    const series = [...this.series.entries()].reverse().map(([name, p]) => {
      const last = p[p.length - 1];
      return { name, count: last.n, last: last.value, mean: last.mean, at: last.at };
    });
    return {
      lines: [...this.lines].reverse(),
      alerts: [...this.alerts].reverse(),
      seen: { ...this.seen },
      series,
      points,
      topWords: this.topWords(),
    };
  }
}
