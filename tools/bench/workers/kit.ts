import { Kafka, logLevel } from 'kafkajs';

/** What every worker shares: its job from the harness, and one result line on stdout. */
export function job<T>(): T {
  const raw = process.env['BENCH_JOB'];
  if (!raw) throw new Error('BENCH_JOB is not set: workers are started by tools/bench/run.ts');
  return JSON.parse(raw) as T;
}

/** `Client`: another copy of kafkajs's Kafka class (the stock baseline); the installed one by default. */
export function benchKafka(brokers: string, clientId: string, Client: typeof Kafka = Kafka): Kafka {
  return new Client({ clientId, brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 5 } });
}

/** CPU seconds of this process since `since` (a process.cpuUsage() reading). */
export function cpuSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export function report(result: { records: number; ms: number; cpuSec: number } & Record<string, unknown>): void {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...result, peakRssMb })}\n`);
}

export function fail(error: unknown): never {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
}
