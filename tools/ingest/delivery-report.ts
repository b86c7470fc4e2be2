import type { Delivery } from '@kstream/ingest-data-access-producer';

/**
 * Prints one report per message, in input order, however the acks interleave:
 * `text-lines [2] @ 17` on stdout, failures with their input line on stderr.
 */
export class DeliveryReport {
  delivered = 0;
  failed = 0;
  private submitted = 0;
  private chain: Promise<void> = Promise.resolve();
  private progressTimer: NodeJS.Timeout | undefined;

  constructor(private readonly quiet = false) {}

  get pending(): number {
    return this.submitted - this.delivered - this.failed;
  }

  track(label: string, delivery: Promise<Delivery>): void {
    this.submitted += 1;
    const settled = delivery.then(
      (d) => () => {
        this.delivered += 1;
        if (!this.quiet) process.stdout.write(`${d.topic} [${d.partition}] @ ${d.offset ?? '?'}\n`);
      },
      (error: unknown) => () => {
        this.failed += 1;
        process.stderr.write(`failed ${label}: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
    this.chain = this.chain.then(() => settled).then((print) => print());
  }

  refuse(label: string, reason: string): void {
    this.submitted += 1;
    this.chain = this.chain.then(() => {
      this.failed += 1;
      process.stderr.write(`refused ${label}: ${reason}\n`);
    });
  }

  /** Resolves once every message so far has its report. */
  drained(): Promise<void> {
    return this.chain;
  }

  /** A progress line on stderr every second, for long piped input. */
  startProgress(): void {
    const started = Date.now();
    let last = '';
    this.progressTimer = setInterval(() => {
      const counts = `${this.submitted} read, ${this.delivered} delivered, ${this.failed} failed`;
      // Silent while nothing moves (an idle pipe), so the terminal is not flooded with repeats.
      if (this.submitted === 0 || counts === last) return;
      last = counts;
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`… ${counts} (${Math.round(this.delivered / seconds)}/s)\n`);
    }, 1000);
    this.progressTimer.unref();
  }

  summary(): string {
    clearInterval(this.progressTimer);
    return `delivered ${this.delivered}, failed ${this.failed}`;
  }
}
