import { randomInt } from 'node:crypto';

/** What became of one request, as the client saw it. */
export type Outcome = 'acked' | 'indeterminate' | 'refused';

export interface Sent {
  readonly id: string;
  readonly seq: number;
  readonly kind: 'line' | 'number';
  readonly startedAt: number;
  readonly endedAt: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, client timeout). */
  readonly status: number;
  readonly outcome: Outcome;
  /** Where ingest said an acked record went. */
  readonly delivery?: { readonly partition: number; readonly offset: string };
}

export interface LoadOptions {
  /** Base URLs of the ingest instances; requests go round robin and skip none (a dead one costs its requests). */
  readonly ingest: () => readonly string[];
  /** Requests per second to each of /lines and /numbers. */
  readonly rate: number;
  /** Hard bound on requests per kind, whatever happens. */
  readonly maxPerKind: number;
  /** Tag in every id, so two runs on one broker never mix. */
  readonly run: string;
  /** Client-side bound on one request; an answer later than this is indeterminate. */
  readonly requestTimeoutMs?: number;
  /** Series of the numbers (the reference model is per series). */
  readonly series?: number;
}

const WORDS = ['kafka', 'stream', 'fault', 'broker', 'leader', 'replica', 'offset', 'commit', 'fence', 'epoch', 'lag', 'group'];

/**
 * Sends lines and numbers through ingest at a steady rate, each with an id and a sequence
 * number, and keeps what each request got: A = 2xx (ingest says the broker has it),
 * I = no answer or 5xx (it may or may not be stored), refused = 4xx (must never happen here:
 * every input is valid). One request per record, never retried: a retry would be a second
 * input with the same id.
 */
export class Load {
  readonly sent: Sent[] = [];
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private next = 0;

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    const startedAt = Date.now();
    for (const kind of ['line', 'number'] as const) {
      let seq = 0;
      // Enough workers that a slow answer (a broker away for seconds) does not lower the offered rate much.
      for (let w = 0; w < 8; w++) {
        this.loops.push(
          (async () => {
            while (!this.stopped && seq < this.options.maxPerKind) {
              const mine = seq++;
              const due = startedAt + (mine * 1000) / this.options.rate;
              if (due > Date.now()) await sleep(due - Date.now());
              if (this.stopped) break;
              await this.send(kind, mine);
            }
          })(),
        );
      }
    }
    return this;
  }

  /** Stops sending and waits for the answers still outstanding. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  get acked(): Sent[] {
    return this.sent.filter((s) => s.outcome === 'acked');
  }

  /** Acked requests so far: what scenarios wait on to know the stream is flowing. */
  ackedCount(kind?: Sent['kind']): number {
    return this.sent.filter((s) => s.outcome === 'acked' && (kind === undefined || s.kind === kind)).length;
  }

  private async send(kind: Sent['kind'], seq: number): Promise<void> {
    const id = `${this.options.run}-${kind === 'line' ? 'L' : 'N'}-${seq}`;
    // Keyed and keyless inputs mixed, and a third of the numbers pinned to a partition other than
    // their series' key would choose: state must come out per key whatever the producer did.
    const text = `seq ${seq} ${Array.from({ length: 1 + (seq % 9) }, (_, i) => WORDS[(seq + i * 5) % WORDS.length]).join(' ')}`;
    const body =
      kind === 'line'
        ? { id, ...(seq % 2 === 0 && { key: `k${seq % 17}` }), text }
        : { id, series: `s${seq % (this.options.series ?? 12)}`, value: randomInt(-8000, 8000) / 8, ...(seq % 3 === 0 && { partition: Math.floor(seq / 3) % 3 }) };
    const urls = this.options.ingest();
    const base = urls[this.next++ % Math.max(1, urls.length)];
    const startedAt = Date.now();
    let status = 0;
    let delivery: Sent['delivery'];
    try {
      const res = await fetch(`${base}/${kind === 'line' ? 'lines' : 'numbers'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
      });
      status = res.status;
      const answer = (await res.json().catch(() => undefined)) as { partition?: number; offset?: string } | undefined;
      if (answer?.partition !== undefined && answer.offset !== undefined) delivery = { partition: answer.partition, offset: answer.offset };
    } catch {
      status = 0;
    }
    const outcome: Outcome = status >= 200 && status < 300 ? 'acked' : status >= 400 && status < 500 ? 'refused' : 'indeterminate';
    this.sent.push({ id, seq, kind, startedAt, endedAt: Date.now(), status, outcome, delivery });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
