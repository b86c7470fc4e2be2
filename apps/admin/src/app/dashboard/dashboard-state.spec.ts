import type { KafkaMessage } from 'kafkajs';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import { TOPICS } from '@kstream/contracts-core';
import { DashboardFeed } from './dashboard-feed.service';
import { DashboardState } from './dashboard-state';
import { DEFAULT_DASHBOARD_SETTINGS } from './dashboard.settings';

const source = { topic: TOPICS.textLines, partition: 0, offset: '0' };

function line(id: string, words: number): WordCountRecord {
  return { id, text: `line ${id}`, words, alert: words > 6, threshold: 6, source, processedAt: '2026-01-01T00:00:00.000Z' };
}

function mean(series: string, values: number[]): RollingMeanRecord {
  const window = values.slice(-3);
  return {
    series,
    value: values[values.length - 1],
    window,
    count: values.length,
    mean: window.length === 3 ? window.reduce((a, b) => a + b, 0) / 3 : null,
    source: { topic: TOPICS.numbers, partition: 0, offset: String(values.length - 1) },
    processedAt: '2026-01-01T00:00:00.000Z',
  };
}

let nextOffset = 0;
const message = (key: string | null, value: unknown, offset = nextOffset++): KafkaMessage =>
  ({ key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(JSON.stringify(value)), offset: String(offset), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;

describe('DashboardState', () => {
  it('keeps the latest lines, newest first, bounded', () => {
    const state = new DashboardState({ lines: 2, alerts: 2, pointsPerSeries: 3, series: 2, topWords: 2 });
    state.addLine(line('a', 1));
    state.addLine(line('b', 7));
    state.addLine(line('c', 2));
    expect(state.update().lines.map((l) => [l.id, l.alert])).toEqual([
      ['c', false],
      ['b', true],
    ]);
  });

  it("takes a word's latest total as its count, and drops tombstones", () => {
    const state = new DashboardState();
    state.setTotal('kafka', 2);
    state.setTotal('kafka', 4); // the later total replaces the earlier one
    state.setTotal('fox', 5);
    state.setTotal('dog', 1);
    state.setTotal('dog', null);
    expect(state.topWords()).toEqual([
      { word: 'fox', count: 5 },
      { word: 'kafka', count: 4 },
    ]);
  });

  it('sends only the series that changed, most recently updated first, and forgets the oldest beyond the limit', () => {
    const state = new DashboardState({ lines: 2, alerts: 2, pointsPerSeries: 3, series: 2, topWords: 2 });
    [1, 2, 3, 4].forEach((_, i, all) => state.addMean(mean('a', all.slice(0, i + 1))));
    state.addMean(mean('b', [10]));
    const first = state.update();
    expect(first.series.map((s) => s.name)).toEqual(['b', 'a']);
    expect(first.points['a'].map((p) => [p.n, p.value, p.mean])).toEqual([
      [2, 2, null],
      [3, 3, 2],
      [4, 4, 3],
    ]);
    expect(state.dirty).toBe(false);

    state.addMean(mean('b', [10, 20]));
    const second = state.update();
    expect(Object.keys(second.points)).toEqual(['b']);
    expect(Object.keys(state.update(true).points).sort()).toEqual(['a', 'b']);

    state.addMean(mean('c', [5]));
    expect(state.update().series.map((s) => s.name)).toEqual(['c', 'b']);
  });
});

describe('DashboardFeed.fold', () => {
  const settings = { ...DEFAULT_DASHBOARD_SETTINGS, limits: { lines: 2, alerts: 2, pointsPerSeries: 2, series: 5, topWords: 5 } };
  const feed = () => new DashboardFeed({} as never, TOPICS, settings, {} as never);

  it('decodes only the last lines of a batch and counts all of them', () => {
    const f = feed();
    f.fold({ topic: TOPICS.wordCounts, partition: 0, messages: ['a', 'b', 'c', 'd'].map((id) => message(null, line(id, 3))) });
    const update = f.state.update();
    expect(update.seen.wordCounts).toBe(4);
    expect(update.lines.map((l) => l.id)).toEqual(['d', 'c']);
  });

  it('does not fold a record twice when a rejoin rewinds the partition', () => {
    const f = feed();
    const batch = { topic: TOPICS.wordCounts, partition: 0, messages: [message(null, line('a', 3), 10), message(null, line('b', 3), 11)] };
    f.fold(batch);
    f.fold({ ...batch, messages: [...batch.messages, message(null, line('c', 3), 12)] });
    const update = f.state.update();
    expect(update.seen.wordCounts).toBe(3);
    expect(update.lines.map((l) => l.id)).toEqual(['c', 'b']);
  });

  it('keeps the last points of every series in a batch, in order', () => {
    const f = feed();
    const records = [mean('x', [1]), mean('y', [9]), mean('x', [1, 2]), mean('x', [1, 2, 3]), mean('y', [9, 8])];
    f.fold({ topic: TOPICS.rollingMeans, partition: 1, messages: records.map((r) => message(r.series, r)) });
    const update = f.state.update();
    expect(update.points['x'].map((p) => p.value)).toEqual([2, 3]);
    expect(update.points['y'].map((p) => p.value)).toEqual([9, 8]);
    expect(update.seen.rollingMeans).toBe(5);
  });

  it('takes the last total of a word and skips records that break the contract', () => {
    const f = feed();
    f.fold({ topic: TOPICS.wordTotals, partition: 0, messages: [message('fox', { word: 'fox', count: 1 }), message('fox', { word: 'fox', count: 2 }), message('bad', { word: 'bad' })] });
    expect(f.state.topWords()).toEqual([{ word: 'fox', count: 2 }]);
    f.fold({ topic: TOPICS.wordTotals, partition: 0, messages: [message('fox', { word: 'fox', count: 5 })] });
    expect(f.state.topWords()).toEqual([{ word: 'fox', count: 5 }]);
    f.fold({ topic: TOPICS.wordTotals, partition: 0, messages: [message('fox', null)] });
    expect(f.state.topWords()).toEqual([]);
  });
});
