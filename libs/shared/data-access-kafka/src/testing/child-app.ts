import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Admin, Kafka } from 'kafkajs';
import { readAll } from './read-all';
import { waitFor } from './wait-for';

/**
 * Builds the app (Nx caches it) and returns the path of its bundle. Another Nx command in the
 * same workspace (a parallel jest worker, a colleague) can make one attempt fail: retry twice.
 */
export function buildApp(project: string): string {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('npx', ['nx', 'build', project, '--outputStyle=static'], { stdio: 'pipe', timeout: 240_000 });
      return join(process.cwd(), 'dist', 'apps', project, 'main.js');
    } catch (error) {
      if (attempt >= 3) {
        const output = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString().slice(-2000) ?? '';
        throw new Error(`nx build ${project} failed ${attempt} times: ${(error as Error).message}\n${output}`);
      }
    }
  }
}

/**
 * Builds several apps in one Nx run (one Nx start-up instead of one per app, which costs
 * seconds even when every build is cached), without blocking the event loop so that a broker
 * can start meanwhile. Returns the bundle of each. Retries like buildApp.
 */
export async function buildApps<P extends string>(projects: readonly P[]): Promise<Record<P, string>> {
  for (let attempt = 1; ; attempt++) {
    try {
      await promisify(execFile)('npx', ['nx', 'run-many', '-t', 'build', '--projects', projects.join(','), '--outputStyle=static'], { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
      return Object.fromEntries(projects.map((p) => [p, join(process.cwd(), 'dist', 'apps', p, 'main.js')])) as Record<P, string>;
    } catch (error) {
      if (attempt >= 3) {
        const output = String((error as { stdout?: string }).stdout ?? '').slice(-2000);
        throw new Error(`nx build ${projects.join(', ')} failed ${attempt} times: ${(error as Error).message}\n${output}`);
      }
    }
  }
}

/** A port free on 127.0.0.1 a moment ago: for an app that must know its own address before it listens. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The app as a real process, with its output in a log file; killed with a signal like in production. */
export class ChildApp {
  private child?: ChildProcess;
  readonly logFile: string;
  exited?: Promise<number | null>;

  constructor(private readonly main: string, private readonly env: Record<string, string>, name: string) {
    this.logFile = join(tmpdir(), `${name}-${Date.now()}.log`);
  }

  async start(): Promise<string> {
    const port = await freePort();
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [this.main], {
      env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1', KAFKA_LOG_LEVEL: 'error' },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    return `http://127.0.0.1:${port}`;
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/** Sum of the group's committed offsets on a topic. */
export async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/**
 * Waits until the group has consumed every record of each topic, in order: a processor's input
 * (written by plain producers: its end is the last record), then its internal topics. Those are
 * written in transactions by one producer per input partition, concurrently, so a partition may end
 * with several commit markers, which take offsets but are never consumed: once the input is drained
 * their records are final, and a read_committed read of them gives the last record to wait for.
 */
export async function waitDrained(kafka: Kafka, admin: Admin, groupId: string, topics: string | readonly string[], timeoutMs: number): Promise<void> {
  const [input, ...internal] = typeof topics === 'string' ? [topics] : topics;
  const deadline = Date.now() + timeoutMs;
  const ends = async (topic: string) => new Map((await admin.fetchTopicOffsets(topic)).map((e) => [e.partition, BigInt(e.high)]));
  await waitCommitted(admin, groupId, input, ends, deadline);
  for (const topic of internal) {
    const records = await readAll(kafka, topic);
    const last = new Map<number, bigint>();
    for (const r of records) last.set(r.partition, BigInt(r.offset) + 1n);
    await waitCommitted(admin, groupId, topic, async () => last, deadline);
  }
}

async function waitCommitted(admin: Admin, groupId: string, topic: string, targets: (topic: string) => Promise<Map<number, bigint>>, deadline: number): Promise<void> {
  let behind = '';
  try {
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const at = (p: number) => BigInt(committed.partitions.find((c) => c.partition === p)?.offset ?? '-1');
        const late = [...(await targets(topic))].filter(([p, end]) => end > 0n && at(p) < end);
        behind = late.map(([p, end]) => `${topic}-${p} committed ${at(p)} of ${end}`).join(', ');
        return late.length === 0;
      },
      { timeoutMs: Math.max(1, deadline - Date.now()), intervalMs: 250, description: `group ${groupId} to commit the end of ${topic}` },
    );
  } catch (error) {
    // Which partition is behind, and by how much, is the first thing a failed test needs.
    throw new Error(`${(error as Error).message}; behind: ${behind}`);
  }
}
