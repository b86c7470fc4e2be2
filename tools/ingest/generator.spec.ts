import { randomEvent, sentence } from './generator';

/** A small deterministic generator (mulberry32) so the checks hold for a known sequence. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ingest generator', () => {
  const random = seeded(42);
  const events = Array.from({ length: 500 }, () => randomEvent(random, 100));

  it('makes events with the seed fields: name, surname, amount, delta_t, flag', () => {
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['amount', 'delta_t', 'flag', 'name', 'surname']);
      expect(Number.isFinite(event.amount) && event.amount >= 0 && event.amount <= 1000).toBe(true);
      expect(Number.isInteger(event.delta_t) && event.delta_t >= 0).toBe(true);
    }
    expect(new Set(events.map((e) => e.flag)).size).toBe(2);
    expect(new Set(events.map((e) => e.name)).size).toBeGreaterThan(5);
  });

  it('writes sentences of 4 to 14 words, some over the alert threshold of 6', () => {
    const counts = events.map((event) => sentence(event, random).split(' ').length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...counts)).toBeLessThanOrEqual(14);
    expect(counts.some((n) => n > 6)).toBe(true);
    expect(counts.some((n) => n <= 6)).toBe(true);
  });
});
