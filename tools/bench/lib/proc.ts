import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel. */
const CLK_TCK = 100;

export interface ProcSample {
  /** user + system CPU seconds since the process started. */
  readonly cpuSec: number;
  readonly rssMb: number;
  /** Peak resident set size (VmHWM) since the process started. */
  readonly peakRssMb: number;
}

/** CPU and memory of any process (Node, Java, the broker) from /proc; undefined once it is gone. */
export function sampleProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSec = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuSec, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** `--profile DIR`: every Node process the bench starts writes a V8 CPU profile there (summarise with profile-summary.ts). */
export function profileArgs(): string[] {
  const dir = process.env['BENCH_CPU_PROF_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--require', path.join(__dirname, 'profile-exit.cjs')] : [];
}

export interface WorkerResult {
  /** Records the worker handled in its measured window. */
  readonly records: number;
  /** Wall-clock ms of the measured window (first record to last answer / last record). */
  readonly ms: number;
  readonly cpuSec: number;
  readonly peakRssMb: number;
  readonly [extra: string]: unknown;
}

/**
 * Runs a TypeScript worker of tools/bench/workers as its own Node process (tsx as a loader,
 * so there is one process to measure), hands it its job as JSON and returns its result line.
 * tools/bench/tsconfig.json turns legacy decorators on, so the libraries the workers import (the
 * contracts, the Nest handler of the stock-transport baseline) compile as in the app build.
 */
export function runWorker(name: string, job: Record<string, unknown>, timeoutMs: number): Promise<WorkerResult> {
  const file = path.join(ROOT, 'tools', 'bench', 'workers', `${name}.ts`);
  const child = spawn(process.execPath, [...profileArgs(), '--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(ROOT, 'tools', 'bench', 'tsconfig.json'), BENCH_JOB: JSON.stringify(job), KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collectResult(child, name, timeoutMs);
}

function collectResult(child: ChildProcess, name: string, timeoutMs: number): Promise<WorkerResult> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker ${name} took longer than ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) return reject(new Error(`worker ${name} exited with ${code}; stderr: ${err.slice(-2000)}`));
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as WorkerResult);
    });
  });
}

/** Runs a command under GNU time: exact CPU seconds and peak RSS of a process that exits by itself (the Java tools). */
export function runTimed(cmd: string, args: string[], timeoutMs: number): Promise<{ stdout: string; cpuSec: number; peakRssMb: number; ms: number }> {
  const started = Date.now();
  const child = spawn('/usr/bin/time', ['-f', 'BENCH_TIME %U %S %M', cmd, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.find((a) => a.startsWith('org.')) ?? cmd} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const m = /BENCH_TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`${cmd} exited with ${code}: ${err.slice(-2000)}`));
      resolve({ stdout: out, cpuSec: Number(m[1]) + Number(m[2]), peakRssMb: Number(m[3]) / 1024, ms: Date.now() - started });
    });
  });
}

/** Java with the fetched Kafka jars and quiet logging, as in tools/kafka/README.md. */
export function javaArgs(mainClass: string, args: string[]): string[] {
  return [
    '-Xms128m',
    '-Xmx512m',
    '-cp',
    path.join(ROOT, '.kafka', 'lib', '*'),
    `-Dlog4j2.configurationFile=${path.join(ROOT, 'tools', 'kafka', 'log4j2.properties')}`,
    '-Dkafka.root.loglevel=WARN',
    mainClass,
    ...args,
  ];
}
