/**
 * Local Kafka for development:  tsx tools/kafka/cli.ts <command>
 *
 *   start          single broker on 127.0.0.1:${KAFKA_PORT:-9092} (controller ${KAFKA_CONTROLLER_PORT:-9093}),
 *                  detached; data in .kafka/data/single, log + pid file in .kafka/run/
 *   start --secure the same, secured: SASL_SSL with SCRAM users per service, TLS from a local CA,
 *                  ACLs; data, certificates and passwords in .kafka/data/secure, client env
 *                  files in .kafka/data/secure/clients/<user>.env
 *   stop           stop it
 *   status         exit 0 if running, 3 if not
 *   cluster:start  3 nodes on 127.0.0.1:${KAFKA_CLUSTER_BASE_PORT:-19092}/19094/19096
 *                  (controllers 19093/19095/19097), data in .kafka/data/cluster
 *   cluster:stop | cluster:status
 *   fetch          download the Kafka jars (Maven) into .kafka/lib if missing
 *   clean          delete .kafka/data (refuses while a broker runs)
 *
 * Env: KAFKA_HEAP_OPTS (default "-Xms256m -Xmx768m"), KAFKA_AUTO_CREATE_TOPICS=true,
 *      KAFKA_LOCAL_DIR (instead of <repo>/.kafka), KAFKA_DEBUG=1 (stack traces).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrokerHandle, startBroker } from './broker';
import { startCluster } from './cluster';
import { KafkaToolError } from './errors';
import { ensureKafkaJars } from './jars';
import {
  clusterDataDir,
  clusterPidFile,
  dataRoot,
  libDir,
  pinnedKafkaVersion,
  runDir,
  secureDataDir,
  singleDataDir,
  singlePidFile,
} from './paths';
import { checkJava } from './prerequisites';
import { isKafkaBrokerPid, isPortOpen, terminatePid } from './process-utils';
import { startSecureBroker, writeClientEnvFiles } from './secure/secure-broker';

interface NodeRecord {
  nodeId: number;
  pid: number;
  port: number;
  controllerPort: number;
  bootstrap: string;
  dataDir: string;
  logFile: string;
  configFile: string;
}

interface PidFile {
  kind: 'single' | 'cluster';
  kafkaVersion: string;
  clusterId: string;
  bootstrap: string;
  startedAt: string;
  nodes: NodeRecord[];
  /** Set for `start --secure`: where the client env files are. */
  clientEnvDir?: string;
}

const rel = (p: string) => path.relative(process.cwd(), p) || '.';

function envPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new KafkaToolError(`${name}=${raw} is not a valid port`);
  return n;
}

function readPidFile(file: string): PidFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PidFile;
  } catch {
    return undefined;
  }
}

function writePidFile(file: string, content: PidFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(content, null, 2) + '\n');
}

const alive = (n: NodeRecord) => isKafkaBrokerPid(n.pid, n.configFile);

function autoCreateTopics(): boolean {
  return /^(1|true|yes)$/i.test(process.env.KAFKA_AUTO_CREATE_TOPICS ?? '');
}

async function start(secure: boolean): Promise<number> {
  const existing = readPidFile(singlePidFile);
  if (existing && existing.nodes.every(alive)) {
    console.log(`Kafka is already running (pid ${existing.nodes[0].pid}) on ${existing.bootstrap}${existing.clientEnvDir ? ' (secured)' : ''}`);
    console.log(`  log: ${rel(existing.nodes[0].logFile)}`);
    return 0;
  }
  if (existing) fs.rmSync(singlePidFile, { force: true }); // stale
  checkJava();
  await ensureKafkaJars();
  const options = {
    nodeId: 1,
    port: envPort('KAFKA_PORT', 9092),
    controllerPort: envPort('KAFKA_CONTROLLER_PORT', 9093),
    dataDir: secure ? secureDataDir : singleDataDir,
    logDir: runDir,
    name: secure ? 'secure' : 'single',
    detached: true,
    autoCreateTopics: autoCreateTopics(),
  };
  let b: BrokerHandle;
  let clientEnvDir: string | undefined;
  if (secure) {
    const sb = await startSecureBroker(options);
    clientEnvDir = path.join(secureDataDir, 'clients');
    writeClientEnvFiles(sb, clientEnvDir);
    b = sb;
  } else {
    b = await startBroker(options);
  }
  writePidFile(singlePidFile, {
    kind: 'single',
    kafkaVersion: pinnedKafkaVersion(),
    clusterId: b.clusterId,
    bootstrap: b.bootstrap,
    startedAt: new Date().toISOString(),
    nodes: [record(b)],
    ...(clientEnvDir && { clientEnvDir }),
  });
  console.log(
    `Kafka ${pinnedKafkaVersion()} started${secure ? ' secured (SASL_SSL, SCRAM, ACLs)' : ''} (pid ${b.pid}) in ${(b.startupMs / 1000).toFixed(1)} s` +
      `${b.formatted ? ' (new data dir formatted)' : ''}`,
  );
  console.log(`  bootstrap: ${b.bootstrap}`);
  console.log(`  log:       ${rel(b.logFile)}`);
  console.log(`  data:      ${rel(b.dataDir)}`);
  if (clientEnvDir) {
    console.log(`  clients:   ${rel(clientEnvDir)}/<user>.env for kstream-admin, ingest-producer, word-count, rolling-mean`);
    console.log(`             e.g. set -a; . ${rel(clientEnvDir)}/kstream-admin.env; set +a; npm run kafka:provision`);
  }
  return 0;
}

function record(b: {
  nodeId: number;
  pid: number;
  port: number;
  controllerPort: number;
  bootstrap: string;
  dataDir: string;
  logFile: string;
  configFile: string;
}): NodeRecord {
  const { nodeId, pid, port, controllerPort, bootstrap, dataDir, logFile, configFile } = b;
  return { nodeId, pid, port, controllerPort, bootstrap, dataDir, logFile, configFile };
}

async function stop(file: string, label: string): Promise<number> {
  const pf = readPidFile(file);
  const running = pf ? pf.nodes.filter(alive) : [];
  if (!pf || running.length === 0) {
    fs.rmSync(file, { force: true });
    console.log(`${label} is not running.`);
    return 0;
  }
  await Promise.all(running.map((n) => terminatePid(n.pid, 20_000)));
  const left = running.filter(alive);
  if (left.length > 0) {
    throw new KafkaToolError(`Could not stop ${label}: pid(s) ${left.map((n) => n.pid).join(', ')} still alive.`);
  }
  fs.rmSync(file, { force: true });
  console.log(`${label} stopped (pid ${running.map((n) => n.pid).join(', ')}).`);
  return 0;
}

async function status(file: string, label: string): Promise<number> {
  const pf = readPidFile(file);
  const nodes = pf?.nodes ?? [];
  const states = await Promise.all(
    nodes.map(async (n) => ({ n, alive: alive(n), answers: await isPortOpen(n.port) })),
  );
  const up = states.filter((s) => s.alive);
  if (!pf || up.length === 0) {
    console.log(`${label} is not running.`);
    return 3;
  }
  console.log(
    `${label} is ${up.length === nodes.length ? 'running' : `PARTIALLY running (${up.length}/${nodes.length} nodes)`}` +
      ` - Kafka ${pf.kafkaVersion}, bootstrap ${pf.bootstrap}`,
  );
  for (const s of states) {
    console.log(
      `  node ${s.n.nodeId}: ${s.alive ? `pid ${s.n.pid}` : 'DOWN'}, port ${s.n.port} ` +
        `${s.answers ? 'answers' : 'does NOT answer'}, log ${rel(s.n.logFile)}`,
    );
  }
  return 0;
}

async function clusterStart(): Promise<number> {
  const existing = readPidFile(clusterPidFile);
  if (existing) {
    const up = existing.nodes.filter(alive);
    if (up.length === existing.nodes.length) {
      console.log(`Kafka cluster is already running on ${existing.bootstrap}`);
      return 0;
    }
    if (up.length > 0) {
      throw new KafkaToolError(
        `Kafka cluster is partially running (pids ${up.map((n) => n.pid).join(', ')}). ` +
          'Run `cluster:stop`, then `cluster:start`.',
      );
    }
    fs.rmSync(clusterPidFile, { force: true });
  }
  checkJava();
  await ensureKafkaJars();
  const t0 = Date.now();
  const c = await startCluster({
    nodes: 3,
    basePort: envPort('KAFKA_CLUSTER_BASE_PORT', 19092),
    dataDir: clusterDataDir,
    logDir: runDir,
    logPrefix: 'cluster-',
    detached: true,
    autoCreateTopics: autoCreateTopics(),
  });
  writePidFile(clusterPidFile, {
    kind: 'cluster',
    kafkaVersion: pinnedKafkaVersion(),
    clusterId: c.clusterId,
    bootstrap: c.bootstrap,
    startedAt: new Date().toISOString(),
    nodes: c.nodes.map(record),
  });
  console.log(`Kafka ${pinnedKafkaVersion()} 3-node cluster started in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  bootstrap: ${c.bootstrap}`);
  for (const n of c.nodes) console.log(`  node ${n.nodeId}: pid ${n.pid}, log ${rel(n.logFile)}`);
  return 0;
}

async function clean(): Promise<number> {
  for (const [file, label] of [
    [singlePidFile, 'Kafka'],
    [clusterPidFile, 'Kafka cluster'],
  ] as const) {
    const pf = readPidFile(file);
    if (pf && pf.nodes.some(alive)) throw new KafkaToolError(`${label} is running; stop it before \`clean\`.`);
  }
  fs.rmSync(dataRoot, { recursive: true, force: true });
  console.log(`Deleted ${rel(dataRoot)}.`);
  return 0;
}

const HELP = `Usage: tsx tools/kafka/cli.ts <start [--secure]|stop|status|cluster:start|cluster:stop|cluster:status|fetch|clean>`;

async function main(argv: string[]): Promise<number> {
  const cmd = argv[0];
  switch (cmd) {
    case 'start':
      return start(argv.includes('--secure'));
    case 'stop':
      return stop(singlePidFile, 'Kafka');
    case 'status':
      return status(singlePidFile, 'Kafka');
    case 'cluster:start':
      return clusterStart();
    case 'cluster:stop':
      return stop(clusterPidFile, 'Kafka cluster');
    case 'cluster:status':
      return status(clusterPidFile, 'Kafka cluster');
    case 'fetch': {
      const t0 = Date.now();
      const cp = await ensureKafkaJars();
      console.log(`Kafka ${pinnedKafkaVersion()} jars ready in ${rel(libDir)} (${Date.now() - t0} ms); classpath ${cp}`);
      return 0;
    }
    case 'clean':
      return clean();
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(cmd ? `Unknown command "${cmd}".` : 'No command given.');
      console.error(HELP);
      return 1;
  }
}


main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (process.env.KAFKA_DEBUG === '1' && err instanceof Error) console.error(err.stack);
    else console.error(`kafka: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
