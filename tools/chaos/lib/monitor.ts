import type { Load } from './load';
import { STREAM_APPS, type ChaosStack } from './stack';

type Baseline = Record<(typeof STREAM_APPS)[number], number>;

interface Sample {
  readonly at: number;
  readonly committed: Record<(typeof STREAM_APPS)[number], number>;
}

/**
 * Samples both groups' committed offsets twice a second, so a scenario can say how long the
 * processors took to move again after a fault (recovery time) without timing assertions on speed.
 * A sample that fails (broker away) is skipped.
 */
export class ProgressMonitor {
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly stack: ChaosStack) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), 500);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Both groups' committed offsets now, read at once (not from the last sample): the baseline to take
   * just before a fault that stops the samples (a paused broker answers none). Without it, commits
   * made between the last sample and the fault would count as progress after it.
   */
  async committedNow(): Promise<Baseline> {
    const [wc, rm] = await Promise.all(STREAM_APPS.map((app) => this.stack.committed(app)));
    return { 'word-count': wc, 'rolling-mean': rm };
  }

  /**
   * Ms from `since` until the first sample at which `app` had committed more than at `since`
   * (or than `baseline`, when given); undefined if never.
   */
  progressAfter(app: (typeof STREAM_APPS)[number], since: number, baseline?: Baseline): number | undefined {
    const before = baseline?.[app] ?? [...this.samples].reverse().find((s) => s.at <= since)?.committed[app] ?? 0;
    const moved = this.samples.find((s) => s.at > since && s.committed[app] > before);
    return moved ? moved.at - since : undefined;
  }

  /** Ms from `since` until both processors moved again. */
  bothProgressAfter(since: number, baseline?: Baseline): number | undefined {
    const times = STREAM_APPS.map((app) => this.progressAfter(app, since, baseline));
    return times.some((t) => t === undefined) ? undefined : Math.max(...(times as number[]));
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [wc, rm] = await Promise.all(STREAM_APPS.map((app) => this.stack.committed(app)));
      this.samples.push({ at: Date.now(), committed: { 'word-count': wc, 'rolling-mean': rm } });
    } catch {
      /* broker away: no sample */
    } finally {
      this.busy = false;
    }
  }
}

/** Ms from `since` until ingest answered a request sent after `since` with a 2xx; undefined if never. */
export function ingestRecoveryAfter(load: Load, since: number): number | undefined {
  const first = load.sent.filter((s) => s.outcome === 'acked' && s.startedAt >= since).reduce((min, s) => Math.min(min, s.endedAt), Infinity);
  return Number.isFinite(first) ? first - since : undefined;
}

/** What ingest answered to requests sent after `from` and answered before `to` (while no quorum of brokers ran). */
export function answersBetween(load: Load, from: number, to: number) {
  const answered = load.sent.filter((s) => s.startedAt > from && s.endedAt < to);
  return {
    answered,
    acked: answered.filter((s) => s.outcome === 'acked'),
    statuses: [...new Set(answered.map((s) => s.status))].sort(),
  };
}
