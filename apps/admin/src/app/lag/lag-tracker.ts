export interface LagSample {
  /** ISO time of the sample. */
  readonly at: string;
  readonly totalLag: number;
  readonly topics: Record<string, number>;
}

export interface LagAlert {
  readonly group: string;
  readonly since: string;
  readonly samples: number;
  readonly totalLag: number;
}

/**
 * Bounded lag history per group and the "lag stayed above the threshold" rule: an alert
 * starts after `warnSamples` consecutive samples above `threshold` and ends at the first
 * sample at or below it. Pure, so the rule is tested without a broker or a clock.
 */
export class LagTracker {
  private readonly history = new Map<string, LagSample[]>();
  private readonly above = new Map<string, { since: string; count: number }>();

  constructor(
    private readonly size: number,
    private readonly threshold: number,
    private readonly warnSamples: number,
  ) {}

  /** Records a sample; returns 'raised' or 'cleared' when the group's alert changes. */
  record(group: string, sample: LagSample): 'raised' | 'cleared' | undefined {
    const samples = this.history.get(group) ?? [];
    samples.push(sample);
    if (samples.length > this.size) samples.splice(0, samples.length - this.size);
    this.history.set(group, samples);

    if (sample.totalLag > this.threshold) {
      const streak = this.above.get(group) ?? { since: sample.at, count: 0 };
      streak.count += 1;
      this.above.set(group, streak);
      return streak.count === this.warnSamples ? 'raised' : undefined;
    }
    const streak = this.above.get(group);
    this.above.delete(group);
    return streak && streak.count >= this.warnSamples ? 'cleared' : undefined;
  }

  samples(group: string): LagSample[] | undefined {
    return this.history.get(group);
  }

  alert(group: string): LagAlert | undefined {
    const streak = this.above.get(group);
    const last = this.history.get(group)?.at(-1);
    if (!streak || streak.count < this.warnSamples || !last) return undefined;
    return { group, since: streak.since, samples: streak.count, totalLag: last.totalLag };
  }

  /** Drops the groups that no longer exist. */
  retain(groups: ReadonlySet<string>): string[] {
    const gone = [...this.history.keys()].filter((g) => !groups.has(g));
    for (const g of gone) {
      this.history.delete(g);
      this.above.delete(g);
    }
    return gone;
  }
}
