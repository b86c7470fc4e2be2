/**
 * Where a watch run stands in each partition: the position (the next offset it would print, as
 * Kafka's consumer `position()` says it) and, with a named group, the offset committed. Printed on
 * exit, so the course's exercise "stop after 10, then continue where it left off" shows the numbers.
 */
export class WatchPositions {
  private readonly positions = new Map<number, bigint>();
  private readonly commits = new Map<number, string>();
  private count = 0;
  /** A seek of `--offset` is done once, not again after a rejoin (it would read the same records twice). */
  seeked = false;
  /** Called once `--max` records have been printed. */
  onDone: () => void = () => undefined;

  printed(partition: number, offset: string, max: number | undefined): void {
    this.positions.set(partition, BigInt(offset) + 1n);
    this.count += 1;
    if (max !== undefined && this.count === max) this.onDone();
  }

  done(max: number | undefined): boolean {
    return max !== undefined && this.count >= max;
  }

  /** The next offset of `partition` after what was printed; undefined before the first record. */
  next(partition: number): string | undefined {
    return this.positions.get(partition)?.toString();
  }

  committed(partition: number, offset: string | undefined): void {
    if (offset !== undefined) this.commits.set(partition, offset);
  }

  /** The lines printed on exit. */
  report(topic: string, group: string | undefined): string[] {
    const partitions = [...this.positions.keys()].sort((a, b) => a - b);
    if (partitions.length === 0) return [`${this.count} records printed from ${topic}`];
    const where = partitions.map((p) => `partition ${p} at ${this.positions.get(p)}${group ? ` (committed ${this.commits.get(p) ?? 'nothing'})` : ''}`).join(', ');
    return [`${this.count} records printed from ${topic}; positions (the next offset to read): ${where}${group ? `; group ${group} continues from there` : ''}`];
  }
}
