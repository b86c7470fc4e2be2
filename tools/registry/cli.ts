/**
 * Local schema registry for development:  tsx tools/registry/cli.ts <command>
 *
 *   fetch    download Apicurio Registry (Maven) into .registry/app and the Avro jars of the Java
 *            producer into .registry/java-lib, if missing
 *   start    Apicurio Registry on 127.0.0.1:${REGISTRY_PORT:-8081}, detached; Confluent-compatible
 *            API at /apis/ccompat/v7; log, temp files and pid file in .registry/run/
 *   stop     stop it
 *   status   exit 0 if running, 3 if not
 *
 * Env: REGISTRY_PORT (default 8081), REGISTRY_HEAP_OPTS (default "-Xmx256m"),
 *      REGISTRY_LOCAL_DIR (instead of <repo>/.registry), REGISTRY_DEBUG=1 (stack traces).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkJava } from '../kafka/prerequisites';
import { isPidAlive, processCommandLine, terminatePid } from '../kafka/process-utils';
import { RegistryToolError } from './errors';
import { ensureAvroJars, ensureRegistry } from './fetch';
import { pidFile, pinnedAvroVersion, pinnedRegistryVersion, runDir } from './paths';
import { isRegistryReady, startRegistry } from './registry';

interface PidFile {
  pid: number;
  version: string;
  url: string;
  ccompatUrl: string;
  logFile: string;
  startedAt: string;
}

/** Paths in messages: relative to where the command was typed. */
function shown(p: string): string {
  return path.relative(process.cwd(), p) || '.';
}

/** REGISTRY_PORT, else 8081 (Confluent Schema Registry's usual port). */
function registryPort(): number {
  const raw = process.env.REGISTRY_PORT?.trim();
  if (!raw) return 8081;
  const port = Number(raw);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new RegistryToolError(`REGISTRY_PORT=${raw} is not a port number (1-65535).`);
}

function readPidFile(): PidFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(pidFile, 'utf8')) as PidFile;
  } catch {
    return undefined;
  }
}

/** The pid is alive AND still a registry JVM (pids get reused after a reboot). */
function alive(pf: PidFile): boolean {
  return isPidAlive(pf.pid) && (processCommandLine(pf.pid) ?? '').includes('apicurio-registry-app');
}

async function start(): Promise<number> {
  const existing = readPidFile();
  if (existing && alive(existing)) {
    console.log(`Schema registry is already running (pid ${existing.pid}): ${existing.ccompatUrl}`);
    console.log(`  log: ${shown(existing.logFile)}`);
    return 0;
  }
  if (existing) fs.rmSync(pidFile, { force: true }); // stale
  checkJava();
  const r = await startRegistry({ port: registryPort(), dir: runDir, detached: true });
  const record: PidFile = {
    pid: r.pid,
    version: r.version,
    url: r.url,
    ccompatUrl: r.ccompatUrl,
    logFile: r.logFile,
    startedAt: new Date().toISOString(),
  };
  fs.writeFileSync(pidFile, JSON.stringify(record, null, 2) + '\n');
  console.log(`Apicurio Registry ${r.version} started (pid ${r.pid}) in ${(r.startupMs / 1000).toFixed(1)} s (in-memory storage)`);
  console.log(`  ccompat API: ${r.ccompatUrl}`);
  console.log(`  log:         ${shown(r.logFile)}`);
  return 0;
}

async function stop(): Promise<number> {
  const pf = readPidFile();
  if (!pf || !alive(pf)) {
    fs.rmSync(pidFile, { force: true });
    console.log('Schema registry is not running.');
    return 0;
  }
  await terminatePid(pf.pid, 15_000);
  if (isPidAlive(pf.pid)) throw new RegistryToolError(`Could not stop the schema registry: pid ${pf.pid} still alive.`);
  fs.rmSync(pidFile, { force: true });
  console.log(`Schema registry stopped (pid ${pf.pid}).`);
  return 0;
}

async function status(): Promise<number> {
  const pf = readPidFile();
  if (!pf || !alive(pf)) {
    console.log('Schema registry is not running.');
    return 3;
  }
  const ready = await isRegistryReady(pf.url);
  console.log(`Schema registry is running - Apicurio Registry ${pf.version}, pid ${pf.pid}, ${pf.ccompatUrl}`);
  console.log(`  /health/ready ${ready ? 'answers 200' : 'does NOT answer 200'}, log ${shown(pf.logFile)}`);
  return 0;
}

async function fetchAll(): Promise<number> {
  const t0 = Date.now();
  const app = await ensureRegistry();
  const lib = await ensureAvroJars();
  console.log(
    `Apicurio Registry ${pinnedRegistryVersion()} ready in ${shown(app)}, Avro ${pinnedAvroVersion()} jars in ${shown(lib)} ` +
      `(${Date.now() - t0} ms)`,
  );
  return 0;
}

const commands: Record<string, () => Promise<number>> = { fetch: fetchAll, start, stop, status };
const usage = `Usage: tsx tools/registry/cli.ts <${Object.keys(commands).join('|')}>`;

async function main(cmd: string | undefined): Promise<number> {
  if (cmd && Object.hasOwn(commands, cmd)) return commands[cmd]();
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(usage);
    return 0;
  }
  console.error(`${cmd ? `Unknown command "${cmd}".` : 'No command given.'}\n${usage}`);
  return 1;
}

main(process.argv[2])
  .catch((err: unknown) => {
    // Expected failures (RegistryToolError, KafkaToolError) carry the whole story in their message.
    const debug = process.env.REGISTRY_DEBUG === '1' && err instanceof Error;
    console.error(debug ? (err as Error).stack : `registry: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  })
  .then((code) => process.exit(code));
