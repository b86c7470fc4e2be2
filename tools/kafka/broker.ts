import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaToolError } from './errors';
import { ensureKafkaJars } from './jars';
import { log4jConfigFile, singleDataDir } from './paths';
import { checkJava, javaBin } from './prerequisites';
import {
  canListen,
  describePortHolder,
  isPidAlive,
  isPortOpen,
  sleep,
  terminatePid,
  waitForPidExit,
} from './process-utils';

/** Main class of the broker (KRaft, combined broker+controller). */
export const BROKER_MAIN_CLASS = 'kafka.Kafka';
/** Main class of `kafka-storage.sh` (format, random-uuid). */
export const STORAGE_TOOL_MAIN_CLASS = 'kafka.tools.StorageTool';
/** The log line that KafkaRaftServer prints once the broker serves requests. */
export const READY_LOG_LINE = 'Kafka Server started';

export const DEFAULT_HEAP = '-Xms256m -Xmx768m';

export type ServerProperties = Record<string, string | number | boolean>;

export interface BrokerOptions {
  /** KRaft node id. Default 1. */
  nodeId?: number;
  /** Host the listeners bind to and advertise. Default '127.0.0.1'. */
  host?: string;
  /** Client (PLAINTEXT) port. Default 9092. */
  port?: number;
  /** Controller (KRaft) port. Default 9093. */
  controllerPort?: number;
  /**
   * Directory of this node: holds `server.properties` and the Kafka log dir
   * (`<dataDir>/kraft-data`). Formatted on first start, reused afterwards.
   * Default `<repo>/.kafka/data/single`.
   */
  dataDir?: string;
  /** Directory of the broker log file. Default: `dataDir`. */
  logDir?: string;
  /** Base name of the log file (`<logDir>/<name>.log`). Default `node-<nodeId>`. */
  name?: string;
  /**
   * Cluster id used when formatting a fresh data dir (22-char base64 Kafka Uuid).
   * Default: the one already in the data dir, else a new random one. If given and
   * the data dir was formatted with another id, startBroker throws.
   */
  clusterId?: string;
  /**
   * Static KRaft voters `id@host:port,...`. Default: this node alone
   * (`<nodeId>@<host>:<controllerPort>`). startCluster sets all voters.
   */
  controllerQuorumVoters?: string;
  /**
   * true: the JVM runs in its own session and survives this Node process
   * (`kafka:start`). false (default): it is our child; it is sent SIGTERM when
   * this process exits or gets SIGINT/SIGTERM/SIGHUP (jest, `npm start`).
   */
  detached?: boolean;
  /**
   * With `detached: false`: the caller stops the broker itself on a signal, after its clients
   * (`npm start` stops the apps first). The JVM gets a process group of its own, so a terminal's
   * Ctrl-C does not reach it before the apps have left their groups; it is still sent SIGTERM when
   * this process exits.
   */
  supervised?: boolean;
  /** Heap flags. Default: $KAFKA_HEAP_OPTS or '-Xms256m -Xmx768m'. */
  heap?: string;
  /** Extra JVM flags, appended after the defaults. */
  jvmArgs?: string[];
  /** Let producers/consumers create topics implicitly. Default false (see below). */
  autoCreateTopics?: boolean;
  /** Extra / overriding server.properties entries (applied last). */
  serverProperties?: ServerProperties;
  /** How long to wait for "Kafka Server started" + an open port. Default 90 000 ms. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 20 000 ms. */
  stopTimeoutMs?: number;
  /** Java classpath. Default: `await ensureKafkaJars()` (fetches the jars if needed). */
  classpath?: string;
  /** Extra `kafka-storage format` arguments for a fresh data dir (e.g. `--add-scram`, see secure/). */
  formatArgs?: string[];
}

export interface BrokerHandle {
  nodeId: number;
  /** '127.0.0.1:PORT' */
  bootstrap: string;
  host: string;
  port: number;
  controllerPort: number;
  pid: number;
  clusterId: string;
  dataDir: string;
  logFile: string;
  configFile: string;
  /** Wall time of startBroker (format included), ms. */
  startupMs: number;
  /** True if this start formatted a fresh data dir. */
  formatted: boolean;
  /** True while the JVM runs. */
  isRunning(): boolean;
  /** SIGTERM, wait (stopTimeoutMs), then SIGKILL. Idempotent. */
  stop(): Promise<void>;
}

/** A new random Kafka cluster id (like `kafka-storage.sh random-uuid`). */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka avoids ids starting with '-' (they look like CLI flags).
    if (!id.startsWith('-')) return id;
  }
}

/** The Kafka log dir inside a node's data dir. */
export function kraftLogDir(dataDir: string): string {
  return path.join(dataDir, 'kraft-data');
}

/** Reads `<logDir>/meta.properties` if the node was formatted. */
export function readMetaProperties(dataDir: string): { clusterId: string; nodeId: number } | undefined {
  const file = path.join(kraftLogDir(dataDir), 'meta.properties');
  if (!fs.existsSync(file)) return undefined;
  const props = parseProperties(fs.readFileSync(file, 'utf8'));
  return { clusterId: props['cluster.id'], nodeId: Number(props['node.id']) };
}

function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const i = t.indexOf('=');
    if (i > 0) out[t.slice(0, i).trim()] = t.slice(i + 1).trim();
  }
  return out;
}

/** The server.properties startBroker writes (exported for tests / debugging). */
export function brokerProperties(o: {
  nodeId: number;
  host: string;
  port: number;
  controllerPort: number;
  dataDir: string;
  controllerQuorumVoters: string;
  autoCreateTopics: boolean;
  serverProperties?: ServerProperties;
}): ServerProperties {
  return {
    'process.roles': 'broker,controller',
    'node.id': o.nodeId,
    // Static quorum: simplest for a fixed local topology, and it tolerates a
    // changed controller port between runs (a dynamic quorum stores endpoints).
    'controller.quorum.voters': o.controllerQuorumVoters,
    listeners: `PLAINTEXT://${o.host}:${o.port},CONTROLLER://${o.host}:${o.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${o.host}:${o.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': kraftLogDir(o.dataDir),
    // Explicit topics, as in production: a typo in a topic name fails loudly
    // instead of silently creating a 1-partition topic, and tests must create
    // their topics (with the partition count they mean) through the admin API.
    'auto.create.topics.enable': o.autoCreateTopics,
    // Single node: internal topics cannot have more replicas than brokers.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // Consumers join a group immediately instead of waiting 3 s for others.
    'group.initial.rebalance.delay.ms': 0,
    ...o.serverProperties,
  };
}

function formatProperties(props: ServerProperties): string {
  return (
    '# Generated by tools/kafka/broker.ts on every start; edits are overwritten.\n' +
    Object.entries(props)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n') +
    '\n'
  );
}

/** Last `n` lines of a file ('' if missing). */
export function tailFile(file: string, n = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

function runJava(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(javaBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// ---- children that must not outlive this process (detached: false) ----
const liveChildren = new Set<ChildProcess>();
let hooksInstalled = false;

function killLiveChildren(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGTERM'); // the JVM shuts down cleanly on its own
    } catch {
      /* already gone */
    }
  }
}

let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLiveChildren);
}

function installExitHooks(): void {
  installExitHook();
  if (hooksInstalled) return;
  hooksInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killLiveChildren();
      process.removeListener(sig, onSignal);
      // If nobody else handles the signal, keep Node's default (exit) behaviour.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

async function assertPortFree(port: number, host: string, what: string): Promise<void> {
  if (await canListen(port, host)) return;
  throw new KafkaToolError(
    `Cannot start Kafka: ${what} port ${host}:${port} is already in use by ${describePortHolder(port)}.\n` +
      `Stop that process, or choose other ports (KAFKA_PORT / KAFKA_CONTROLLER_PORT for \`kafka:start\`).`,
  );
}

/**
 * Starts one KRaft node (broker+controller) and resolves once it serves
 * clients: the "Kafka Server started" log line was printed AND the client port
 * accepts TCP connections. Formats the data dir only on first use.
 */
export async function startBroker(opts: BrokerOptions = {}): Promise<BrokerHandle> {
  const t0 = Date.now();
  const nodeId = opts.nodeId ?? 1;
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  const dataDir = path.resolve(opts.dataDir ?? singleDataDir);
  const logDir = path.resolve(opts.logDir ?? dataDir);
  const name = opts.name ?? `node-${nodeId}`;
  const logFile = path.join(logDir, `${name}.log`);
  const configFile = path.join(dataDir, 'server.properties');
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 20_000;
  const detached = opts.detached ?? false;
  const heap = (opts.heap ?? process.env.KAFKA_HEAP_OPTS ?? DEFAULT_HEAP).split(/\s+/).filter(Boolean);

  checkJava();
  const classpath = opts.classpath ?? (await ensureKafkaJars());

  await assertPortFree(port, host, 'client');
  await assertPortFree(controllerPort, host, 'controller');

  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });

  const props = brokerProperties({
    nodeId,
    host,
    port,
    controllerPort,
    dataDir,
    controllerQuorumVoters: opts.controllerQuorumVoters ?? `${nodeId}@${host}:${controllerPort}`,
    autoCreateTopics: opts.autoCreateTopics ?? false,
    serverProperties: opts.serverProperties,
  });
  // A secured broker's properties hold its keystore and SASL passwords: owner-only.
  fs.writeFileSync(configFile, formatProperties(props), { mode: 0o600 });
  fs.chmodSync(configFile, 0o600);

  // Format once; afterwards the data (topics, offsets) survives restarts.
  const meta = readMetaProperties(dataDir);
  let clusterId: string;
  let formatted = false;
  if (meta) {
    if (meta.nodeId !== nodeId) {
      throw new KafkaToolError(
        `${dataDir} was formatted for node.id ${meta.nodeId}, not ${nodeId}. Use another data dir or delete it.`,
      );
    }
    if (opts.clusterId && opts.clusterId !== meta.clusterId) {
      throw new KafkaToolError(
        `${dataDir} belongs to cluster ${meta.clusterId}, not ${opts.clusterId}. Use another data dir or delete it.`,
      );
    }
    clusterId = meta.clusterId;
  } else {
    clusterId = opts.clusterId ?? randomClusterId();
    const { code, output } = await runJava([
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      `-Dlog4j2.configurationFile=${log4jConfigFile}`,
      '-Dkafka.root.loglevel=WARN',
      '-cp',
      classpath,
      STORAGE_TOOL_MAIN_CLASS,
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      configFile,
      ...(opts.formatArgs ?? []),
    ]);
    if (code !== 0) {
      throw new KafkaToolError(
        `Formatting Kafka storage in ${kraftLogDir(dataDir)} failed (exit code ${code}):\n` +
          // The output may quote an --add-scram argument: never echo its password.
          output.trim().split('\n').slice(-30).join('\n').replace(/password=[^,\]\s"]+/g, 'password=***'),
      );
    }
    formatted = true;
  }

  // Keep the previous run's log as <name>.log.1; this run's log starts empty.
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`);
  const logFd = fs.openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(
      javaBin(),
      [
        ...heap,
        // Kafka's own defaults (bin/kafka-run-class.sh) plus fail-fast on OOM.
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${log4jConfigFile}`,
        ...(opts.jvmArgs ?? []),
        '-cp',
        classpath,
        BROKER_MAIN_CLASS,
        configFile,
      ],
      { detached: detached || opts.supervised === true, stdio: ['ignore', logFd, logFd], cwd: dataDir },
    );
  } finally {
    fs.closeSync(logFd);
  }

  let exitInfo: string | undefined;
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.once('exit', (code, signal) => {
    exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
    liveChildren.delete(child);
  });
  if (detached) {
    child.unref();
  } else {
    liveChildren.add(child);
    if (opts.supervised) installExitHook();
    else installExitHooks();
  }
  const pid = child.pid;
  if (pid === undefined) {
    const err = await spawnError;
    throw new KafkaToolError(`Could not start ${javaBin()}: ${err.message}`);
  }

  const isRunning = () => exitInfo === undefined && isPidAlive(pid);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitInfo === undefined) {
        await terminatePid(pid, stopTimeoutMs);
        await waitForPidExit(pid, 5_000);
      }
      liveChildren.delete(child);
    })();
    return stopping;
  };

  // Wait for readiness (the timeout counts from the JVM launch, not the jar fetch).
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitInfo !== undefined || !isPidAlive(pid)) {
      await sleep(200); // let the last log lines land
      throw new KafkaToolError(
        `Kafka node ${nodeId} exited during startup (${exitInfo ?? 'process vanished'}). ` +
          `Last lines of ${logFile}:\n${tailFile(logFile, 30)}`,
      );
    }
    let started = false;
    try {
      started = fs.readFileSync(logFile, 'utf8').includes(READY_LOG_LINE);
    } catch {
      /* not yet */
    }
    if (started && (await isPortOpen(port, host))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new KafkaToolError(
        `Kafka node ${nodeId} did not become ready on ${host}:${port} within ${startTimeoutMs} ms ` +
          `(stopped it). Last lines of ${logFile}:\n${tailFile(logFile, 30)}`,
      );
    }
    await sleep(200);
  }

  return {
    nodeId,
    bootstrap: `${host}:${port}`,
    host,
    port,
    controllerPort,
    pid,
    clusterId,
    dataDir,
    logFile,
    configFile,
    startupMs: Date.now() - t0,
    formatted,
    isRunning,
    stop,
  };
}
