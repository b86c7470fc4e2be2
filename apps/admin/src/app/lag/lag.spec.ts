import { lagByTopic, partitionLag, totalLag } from '../groups/lag';
import { LagTracker } from './lag-tracker';

describe('partitionLag', () => {
  it('is high watermark minus committed offset', () => {
    expect(partitionLag('t', 0, 3, 10)).toEqual({ topic: 't', partition: 0, committedOffset: 3, highWatermark: 10, lag: 7 });
  });

  it('is unknown without a commit and never negative', () => {
    expect(partitionLag('t', 0, -1, 10).lag).toBeNull();
    expect(partitionLag('t', 0, 12, 10).lag).toBe(0);
    expect(partitionLag('t', 0, 3, undefined).lag).toBeNull();
  });

  it('sums per group and per topic', () => {
    const parts = [partitionLag('a', 0, 1, 4), partitionLag('a', 1, 0, 2), partitionLag('b', 0, -1, 9)];
    expect(totalLag(parts)).toBe(5);
    expect(lagByTopic(parts)).toEqual({ a: 5, b: 0 });
  });
});

describe('LagTracker', () => {
  const sample = (i: number, totalLag: number) => ({ at: `t${i}`, totalLag, topics: { x: totalLag } });

  it('keeps a bounded history per group', () => {
    const tracker = new LagTracker(3, 100, 2);
    for (let i = 0; i < 5; i += 1) tracker.record('g', sample(i, i));
    expect(tracker.samples('g')?.map((s) => s.at)).toEqual(['t2', 't3', 't4']);
    expect(tracker.samples('other')).toBeUndefined();
  });

  it('raises after N samples above the threshold, once, and clears below it', () => {
    const tracker = new LagTracker(10, 5, 3);
    expect(tracker.record('g', sample(0, 6))).toBeUndefined();
    expect(tracker.record('g', sample(1, 7))).toBeUndefined();
    expect(tracker.alert('g')).toBeUndefined();
    expect(tracker.record('g', sample(2, 8))).toBe('raised');
    expect(tracker.record('g', sample(3, 9))).toBeUndefined();
    expect(tracker.alert('g')).toEqual({ group: 'g', since: 't0', samples: 4, totalLag: 9 });
    expect(tracker.record('g', sample(4, 5))).toBe('cleared');
    expect(tracker.alert('g')).toBeUndefined();
  });

  it('does not report a clear for a streak that never raised', () => {
    const tracker = new LagTracker(10, 5, 3);
    tracker.record('g', sample(0, 6));
    expect(tracker.record('g', sample(1, 0))).toBeUndefined();
  });

  it('forgets groups that are gone', () => {
    const tracker = new LagTracker(10, 5, 1);
    tracker.record('a', sample(0, 9));
    tracker.record('b', sample(0, 1));
    expect(tracker.retain(new Set(['b']))).toEqual(['a']);
    expect(tracker.samples('a')).toBeUndefined();
  });
});
