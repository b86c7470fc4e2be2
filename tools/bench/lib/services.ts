import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../kafka/free-port';
import { profileArgs, ROOT, sampleProc, type ProcSample } from './proc';

/**
 * Node flags for the apps under test, space-separated in BENCH_APP_NODE_FLAGS (default none, as
 * npm start and docker-compose run them); e.g. heap limits, see docs/benchmarks.md "Memory".
 */
const APP_NODE_FLAGS: readonly string[] = process.env['BENCH_APP_NODE_FLAGS']?.split(/\s+/).filter(Boolean) ?? [];

/** A built app (dist/apps/<name>/main.js) as a child process, like production runs it. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly logFile: string;
  base = '';

  constructor(
    readonly app: 'ingest-producer' | 'word-count' | 'rolling-mean',
    private readonly env: Record<string, string>,
  ) {
    this.logFile = path.join(tmpdir(), `bench-${app}-${process.pid}-${Date.now()}.log`);
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.app} is not running`);
    return this.child.pid;
  }

  async start(): Promise<void> {
    const port = await freePort();
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [...profileArgs(), ...APP_NODE_FLAGS, path.join(ROOT, 'dist', 'apps', this.app, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1', KAFKA_LOG_LEVEL: 'error', NODE_ENV: 'production' },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Waits for GET /health to answer 200. */
  async healthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) throw new Error(`${this.app} exited with ${this.child.exitCode}; see ${this.logFile}:\n${this.tail()}`);
      const ok = await fetch(`${this.base}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.app} was not healthy within ${timeoutMs} ms; see ${this.logFile}:\n${this.tail()}`);
  }

  sample(): ProcSample {
    const s = sampleProc(this.pid);
    if (!s) throw new Error(`${this.app} (pid ${this.pid}) is gone; see ${this.logFile}:\n${this.tail()}`);
    return s;
  }

  tail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  }

  /** SIGTERM, then SIGKILL after 15 s: the app must not outlive the benchmark. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
