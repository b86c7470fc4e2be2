/**
 * npm start: the whole stack on one machine. Starts the local broker unless
 * KAFKA_BROKERS names another cluster (or one from `npm run kafka:start` is up),
 * provisions the topics, builds and runs the four apps, waits until every /health
 * answers 200 and prints where everything is. Ctrl-C stops all of it, broker included.
 *
 * `npm start -- --secure` (or a broker from `kafka:start -- --secure`): the secured local broker,
 * provisioning as the admin principal and each app as its own principal (SASL_SSL, SCRAM, ACLs).
 *
 * `npm start -- --registry`: also a schema registry (Apicurio, in memory, on REGISTRY_PORT, default
 * 8081), and the processors read Avro input through it. Opt-in: it costs ~5 s and ~230 MB. A
 * SCHEMA_REGISTRY_URL already set names another registry instead. `OUTPUT_FORMAT=avro npm start --
 * --registry` has the processors write their outputs as Avro too (the variable reaches every app).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBroker, type BrokerHandle } from '../kafka/broker';
import { ensureKafkaJars } from '../kafka/jars';
import { repoRoot, runDir, secureDataDir, singleDataDir, singlePidFile } from '../kafka/paths';
import { checkJava } from '../kafka/prerequisites';
import { ensureRegistry } from '../registry/fetch';
import { startRegistry, type RegistryHandle } from '../registry/registry';
import { isPidAlive } from '../kafka/process-utils';
import { startSecureBroker, writeClientEnvFiles } from '../kafka/secure/secure-broker';
import { sharedPrincipal } from './shared-principal';
import { describeReport, provision } from './provision';
import { appPort, STACK_APPS, type StackApp } from './stack-apps';
import { stackTable } from './stack-table';

const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const RESET = '\x1b[0m';

let broker: BrokerHandle | undefined;
let registry: RegistryHandle | undefined;
const children = new Map<string, ChildProcess>();
let stopping = false;

function say(message: string): void {
  process.stdout.write(`[stack] ${message}\n`);
}

/** A broker from `npm run kafka:start` that is still alive, if any (with its client env files if secured). */
function runningLocalBroker(): { bootstrap: string; clientEnvDir?: string } | undefined {
  if (!fs.existsSync(singlePidFile)) return undefined;
  try {
    const file = JSON.parse(fs.readFileSync(singlePidFile, 'utf8')) as { bootstrap: string; nodes: { pid: number }[]; clientEnvDir?: string };
    return file.nodes.every((n) => isPidAlive(n.pid)) ? { bootstrap: file.bootstrap, clientEnvDir: file.clientEnvDir } : undefined;
  } catch {
    return undefined;
  }
}

/** Where the Kafka settings of each app come from: one env for all, or (secured) one file per principal. */
interface KafkaTarget {
  bootstrap: string;
  clientEnvDir?: string;
}

async function brokers(secure: boolean): Promise<KafkaTarget> {
  if (process.env.KAFKA_BROKERS) {
    if (secure) throw new Error('--secure runs the local secured broker; for the cluster in KAFKA_BROKERS set the KAFKA_SSL / KAFKA_SASL_* variables instead');
    say(`using the cluster in KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
    return { bootstrap: process.env.KAFKA_BROKERS };
  }
  const running = runningLocalBroker();
  if (running) {
    if (secure && !running.clientEnvDir) throw new Error('a plain broker from npm run kafka:start is running: stop it (npm run kafka:stop) to start the secured one');
    say(`using the ${running.clientEnvDir ? 'secured ' : ''}broker started by npm run kafka:start on ${running.bootstrap} (it keeps running after Ctrl-C)`);
    return running;
  }
  checkJava();
  await ensureKafkaJars();
  if (secure) {
    say('starting the secured local Kafka broker (SASL_SSL, SCRAM, ACLs; data and secrets in .kafka/data/secure)');
    const secured = await startSecureBroker({
      port: Number(process.env.KAFKA_PORT ?? 9092),
      controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
      dataDir: secureDataDir,
      logDir: runDir,
      name: 'npm-start-secure',
      detached: false,
      // Stopped by stopAll after the apps, not by the terminal's Ctrl-C.
      supervised: true,
    });
    broker = secured;
    const clientEnvDir = path.join(secureDataDir, 'clients');
    writeClientEnvFiles(secured, clientEnvDir);
    say(`Kafka is up on ${secured.bootstrap} in ${secured.startupMs} ms (log: ${path.relative(repoRoot, secured.logFile)})`);
    return { bootstrap: secured.bootstrap, clientEnvDir };
  }
  say('starting the local Kafka broker (data in .kafka/data/single survives restarts)');
  broker = await startBroker({
    port: Number(process.env.KAFKA_PORT ?? 9092),
    controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
    dataDir: singleDataDir,
    logDir: runDir,
    name: 'npm-start',
    detached: false,
    // Stopped by stopAll after the apps, not by the terminal's Ctrl-C.
    supervised: true,
  });
  say(`Kafka is up on ${broker.bootstrap} in ${broker.startupMs} ms (log: ${path.relative(repoRoot, broker.logFile)})`);
  return { bootstrap: broker.bootstrap };
}

/** `KEY=value` lines of a client env file (comments and blank lines skipped). */
function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** The Kafka principal each app runs as on the secured broker: admin is the super user, the rest their own. */
function kafkaEnvOf(target: KafkaTarget, app: string): Record<string, string> {
  if (!target.clientEnvDir) return { KAFKA_BROKERS: target.bootstrap };
  return readEnvFile(path.join(target.clientEnvDir, `${app === 'admin' ? 'kstream-admin' : app}.env`));
}

function prefixLines(stream: NodeJS.ReadableStream, label: string, colour: string): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${colour}${label.padEnd(16)}${RESET}| ${line}\n`);
  });
}

function startApp(app: StackApp, index: number, env: NodeJS.ProcessEnv, target: KafkaTarget): void {
  const main = path.join(repoRoot, 'dist', 'apps', app.name, 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: repoRoot,
    env: { ...env, ...kafkaEnvOf(target, app.name), PORT: String(appPort(app)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const colour = COLOURS[index % COLOURS.length];
  prefixLines(child.stdout!, app.name, colour);
  prefixLines(child.stderr!, app.name, colour);
  child.on('exit', (code, signal) => {
    children.delete(app.name);
    if (!stopping) say(`${app.name} exited (${signal ?? `code ${code}`}); the rest keeps running, Ctrl-C stops all`);
  });
  children.set(app.name, child);
}

async function healthy(app: StackApp): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${appPort(app)}/health`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function waitUntilHealthy(): Promise<StackApp[]> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let pending = [...STACK_APPS];
  while (pending.length > 0 && Date.now() < deadline && !stopping) {
    const results = await Promise.all(pending.map(async (app) => [app, await healthy(app)] as const));
    pending = results.filter(([, ok]) => !ok).map(([app]) => app);
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  return pending;
}

function printTable(bootstrap: string): void {
  process.stdout.write(stackTable(bootstrap, process.env, broker !== undefined) + '\n');
}

async function stopAll(exitCode: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  say('stopping the apps');
  const exits = [...children.values()].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  if (registry) {
    say('stopping the schema registry');
    await registry.stop();
  }
  if (broker) {
    say('stopping Kafka');
    await broker.stop();
  }
  say('stopped');
  process.exit(exitCode);
}

/** The registry's Confluent-compatible API for the processors: one named by SCHEMA_REGISTRY_URL, one started here (--registry), or none. */
async function schemaRegistry(): Promise<string | undefined> {
  if (process.env.SCHEMA_REGISTRY_URL) {
    say(`using the schema registry in SCHEMA_REGISTRY_URL: ${process.env.SCHEMA_REGISTRY_URL}`);
    return process.env.SCHEMA_REGISTRY_URL;
  }
  if (!process.argv.includes('--registry')) return undefined;
  say('starting a schema registry (Apicurio, in memory; fetched once, ~110 MB)');
  await ensureRegistry();
  registry = await startRegistry({ port: Number(process.env.REGISTRY_PORT ?? 8081) });
  return registry.ccompatUrl;
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

  const secure = process.argv.includes('--secure');
  const shared = sharedPrincipal(process.env, secure);
  if (shared?.refuse) throw new Error(shared.message);
  if (shared) say(`WARNING: ${shared.message}`);
  const target = await brokers(secure);
  const bootstrap = target.bootstrap;
  const registryUrl = await schemaRegistry();
  const env = {
    ...process.env,
    ...(registryUrl && { SCHEMA_REGISTRY_URL: registryUrl }),
    KAFKA_BROKERS: bootstrap,
    INGEST_URL: `http://127.0.0.1:${appPort(STACK_APPS[1])}`,
    WORD_COUNT_URL: `http://127.0.0.1:${appPort(STACK_APPS[2])}`,
    ROLLING_MEAN_URL: `http://127.0.0.1:${appPort(STACK_APPS[3])}`,
  };
  for (const line of describeReport(await provision({ ...env, ...kafkaEnvOf(target, 'admin') }))) say(line);

  say('building the apps (cached after the first run)');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', STACK_APPS.map((a) => a.name).join(','), '--outputStyle=static'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the build failed; see above');

  STACK_APPS.forEach((app, index) => startApp(app, index, env, target));
  const unhealthy = await waitUntilHealthy();
  if (unhealthy.length > 0) {
    say(`not healthy after ${HEALTH_TIMEOUT_MS / 1000} s: ${unhealthy.map((a) => a.name).join(', ')} (see their logs above)`);
  } else {
    printTable(bootstrap);
    if (registryUrl) say(`schema registry (Confluent-compatible API): ${registryUrl}; e.g. npm run watch -- text-lines --registry ${registryUrl}`);
    // The default watch prints an Avro value as a pointer to the registry: say how to read the outputs.
    if (registryUrl && process.env.OUTPUT_FORMAT === 'avro') say(`OUTPUT_FORMAT=avro: the processors write their outputs as Avro; read them with --registry, e.g. npm run watch -- rolling-means --registry ${registryUrl}`);
    if (target.clientEnvDir) {
      say(`secured: the commands above need a principal first, e.g. set -a; . ${path.relative(repoRoot, target.clientEnvDir)}/kstream-admin.env; set +a`);
    }
  }
}

main().catch(async (error: Error) => {
  process.stderr.write(`[stack] ${error.message}\n`);
  await stopAll(1);
});
