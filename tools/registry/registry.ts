import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tailFile } from '../kafka/broker';
import { checkJava, javaBin } from '../kafka/prerequisites';
import { canListen, describePortHolder, isPidAlive, sleep, terminatePid } from '../kafka/process-utils';
import { RegistryToolError } from './errors';
import { ensureRegistry } from './fetch';
import { pinnedRegistryVersion, runDir, runnerJar } from './paths';

/** Path of the Confluent-compatible REST API (what Confluent serializers and clients call). */
export const CCOMPAT_PATH = '/apis/ccompat/v7';
/** Answers 200 once the registry serves requests (storage initialised). */
export const READY_PATH = '/health/ready';
/** Storage is in-memory H2 (nothing persisted), so a small heap is plenty: RSS ~230 MB. */
export const DEFAULT_HEAP = '-Xmx256m';

export interface RegistryOptions {
  /** HTTP port. Default 8081 (Confluent Schema Registry's usual port). */
  port?: number;
  /** Host the HTTP server binds to. Default '127.0.0.1'. */
  host?: string;
  /**
   * Directory of this registry: its log (`registry.log`, previous run's as `registry.log.1`) and
   * its temp files (`tmp/`: Vert.x cache, the unpacked brotli library), which Quarkus would
   * otherwise leave in /tmp. Default `<repo>/.registry/run`.
   */
  dir?: string;
  /**
   * true: the JVM runs in its own session and survives this Node process (`registry:start`).
   * false (default): it is our child and gets SIGTERM when this process exits or receives
   * SIGINT/SIGTERM/SIGHUP.
   */
  detached?: boolean;
  /** Heap flags. Default: $REGISTRY_HEAP_OPTS or '-Xmx256m'. */
  heap?: string;
  /** Extra JVM flags, appended after the defaults. */
  jvmArgs?: string[];
  /** Extra environment, e.g. Quarkus / Apicurio settings (`APICURIO_...`). */
  env?: Record<string, string>;
  /** How long to wait for /health/ready after the JVM launch. Default 60 000 ms. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 15 000 ms. */
  stopTimeoutMs?: number;
}

export interface RegistryHandle {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** url + '/apis/ccompat/v7' */
  ccompatUrl: string;
  host: string;
  port: number;
  pid: number;
  version: string;
  dir: string;
  logFile: string;
  /** Wall time of startRegistry (fetch excluded), ms. */
  startupMs: number;
  /** True while the JVM runs. */
  isRunning(): boolean;
  /** SIGTERM, wait (stopTimeoutMs), then SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

/** True if the registry at `url` answers /health/ready with 200 within `timeoutMs`. */
export async function isRegistryReady(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    const res = await fetch(`${url}${READY_PATH}`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

// ---- JVMs that must not outlive this process (detached: false) ----
const children = new Set<ChildProcess>();
let guardInstalled = false;

/** SIGTERMs our registry JVMs when Node exits or is told to stop, then lets the signal act as before. */
function guard(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (guardInstalled) return;
  guardInstalled = true;
  const terminateAll = () => children.forEach((c) => c.kill('SIGTERM'));
  process.on('exit', terminateAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      terminateAll();
      // Nobody else listens: do what Node would have done without us (exit by the signal).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

/**
 * Starts Apicurio Registry (fetching it first if needed) and resolves once /health/ready answers
 * 200. Storage is in memory: every start begins empty.
 */
export async function startRegistry(opts: RegistryOptions = {}): Promise<RegistryHandle> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 8081;
  const dir = path.resolve(opts.dir ?? runDir);
  const logFile = path.join(dir, 'registry.log');
  const tmpDir = path.join(dir, 'tmp');
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 15_000;
  const detached = opts.detached ?? false;
  const heap = (opts.heap ?? process.env.REGISTRY_HEAP_OPTS ?? DEFAULT_HEAP).split(/\s+/).filter(Boolean);
  const url = `http://${host}:${port}`;

  checkJava();
  await ensureRegistry();
  const version = pinnedRegistryVersion();

  if (!(await canListen(port, host))) {
    throw new RegistryToolError(
      `Cannot start the schema registry: port ${host}:${port} is already in use by ${describePortHolder(port)}.\n` +
        'Stop that process, or choose another port (REGISTRY_PORT for `registry:start`).',
    );
  }

  fs.mkdirSync(tmpDir, { recursive: true });
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`);
  const logFd = fs.openSync(logFile, 'w');
  const t0 = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(
      javaBin(),
      [
        ...heap,
        '-XX:+ExitOnOutOfMemoryError',
        `-Djava.io.tmpdir=${tmpDir}`,
        ...(opts.jvmArgs ?? []),
        '-jar',
        runnerJar(version),
      ],
      {
        // The runner jar finds lib/ next to itself; the working dir only receives stray files.
        cwd: dir,
        detached,
        stdio: ['ignore', logFd, logFd],
        env: { ...process.env, QUARKUS_HTTP_HOST: host, QUARKUS_HTTP_PORT: String(port), ...opts.env },
      },
    );
  } finally {
    fs.closeSync(logFd);
  }

  // A spawn failure (no java) arrives as 'error' without a pid; it is reported below.
  const launchFailure = new Promise<Error>((resolve) => child.once('error', resolve));
  let exitInfo: string | undefined;
  child.once('exit', (code, signal) => void (exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`));
  const pid = child.pid;
  if (pid === undefined) {
    throw new RegistryToolError(`Could not start ${javaBin()}: ${(await launchFailure).message}`);
  }
  if (detached) child.unref();
  else guard(child);

  const isRunning = () => exitInfo === undefined && isPidAlive(pid);
  // terminatePid: SIGTERM, then SIGKILL after stopTimeoutMs; it returns once the pid is gone.
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= terminatePid(pid, stopTimeoutMs).finally(() => children.delete(child)));

  const deadline = t0 + startTimeoutMs;
  for (;;) {
    if (!isRunning()) {
      await sleep(200); // let the last log lines land
      throw new RegistryToolError(
        `The schema registry exited during startup (${exitInfo ?? 'process vanished'}). ` +
          `Last lines of ${logFile}:\n${tailFile(logFile, 30)}`,
      );
    }
    if (await isRegistryReady(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new RegistryToolError(
        `The schema registry did not answer ${url}${READY_PATH} within ${startTimeoutMs} ms (stopped it). ` +
          `Last lines of ${logFile}:\n${tailFile(logFile, 30)}`,
      );
    }
    await sleep(250);
  }

  return {
    url,
    ccompatUrl: `${url}${CCOMPAT_PATH}`,
    host,
    port,
    pid,
    version,
    dir,
    logFile,
    startupMs: Date.now() - t0,
    isRunning,
    stop,
  };
}
