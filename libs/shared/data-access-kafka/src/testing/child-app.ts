import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
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

async function freePort(): Promise<number> {
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

/** Waits until the group has committed the end of every partition of `topic`. */
export async function waitDrained(admin: Admin, groupId: string, topic: string, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return ends.every((e) => BigInt(committed.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1') >= BigInt(e.high));
    },
    { timeoutMs, intervalMs: 250, description: `group ${groupId} to commit the end of ${topic}` },
  );
}
