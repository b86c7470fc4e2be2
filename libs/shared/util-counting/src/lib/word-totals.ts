/**
 * Running totals per word, as a plain in-memory store. The app restores it from the
 * compacted changelog and feeds it line by line; it has no I/O of its own.
 */
export class WordTotals {
  private readonly totals = new Map<string, number>();

  get size(): number {
    return this.totals.size;
  }

  get(word: string): number {
    return this.totals.get(word) ?? 0;
  }

  /** Restores one changelog entry; the latest value for a word wins, as in a compacted topic. */
  restore(word: string, count: number): void {
    this.totals.set(word, count);
  }

  /** Adds `n` occurrences of one word and returns its new total. */
  increment(word: string, n: number): number {
    const total = this.get(word) + n;
    this.totals.set(word, total);
    return total;
  }

  /** Adds a line's occurrences and returns the new totals of the words it touched. */
  add(occurrences: ReadonlyMap<string, number>): Map<string, number> {
    const updated = new Map<string, number>();
    for (const [word, n] of occurrences) updated.set(word, this.increment(word, n));
    return updated;
  }

  /** The most frequent words, ties broken alphabetically so the answer is stable. */
  top(limit: number): { word: string; count: number }[] {
    return topOf(this.totals.entries(), limit);
  }

  entries(): IterableIterator<[string, number]> {
    return this.totals.entries();
  }

  clear(): void {
    this.totals.clear();
  }
}

/** The `limit` largest counts of several word → count sources, ties broken alphabetically. */
export function topOf(entries: Iterable<[string, number]>, limit: number): { word: string; count: number }[] {
  return [...entries]
    .sort(([wa, ca], [wb, cb]) => cb - ca || (wa < wb ? -1 : wa > wb ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(([word, count]) => ({ word, count }));
}
