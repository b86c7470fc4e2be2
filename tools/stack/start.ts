/**
 * npm start: the whole stack on one machine. Starts the local broker unless
 * KAFKA_BROKERS names another cluster (or one from `npm run kafka:start` is up),
 * provisions the topics, builds and runs the four apps, waits until every /health
 * answers 200 and prints where everything is. Ctrl-C stops all of it, broker included.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBroker, type BrokerHandle } from '../kafka/broker';
import { ensureKafkaJars } from '../kafka/jars';
import { repoRoot, runDir, singleDataDir, singlePidFile } from '../kafka/paths';
import { checkJava } from '../kafka/prerequisites';
import { isPidAlive } from '../kafka/process-utils';
import { describeReport, provision } from './provision';
import { appPort, STACK_APPS, type StackApp } from './stack-apps';
import { stackTable } from './stack-table';

const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const RESET = '\x1b[0m';

let broker: BrokerHandle | undefined;
const children = new Map<string, ChildProcess>();
let stopping = false;

function say(message: string): void {
  process.stdout.write(`[stack] ${message}\n`);
}

/** A broker from `npm run kafka:start` that is still alive, if any. */
function runningLocalBroker(): string | undefined {
  if (!fs.existsSync(singlePidFile)) return undefined;
  try {
    const file = JSON.parse(fs.readFileSync(singlePidFile, 'utf8')) as { bootstrap: string; nodes: { pid: number }[] };
    return file.nodes.every((n) => isPidAlive(n.pid)) ? file.bootstrap : undefined;
  } catch {
    return undefined;
  }
}

async function brokers(): Promise<string> {
  if (process.env.KAFKA_BROKERS) {
    say(`using the cluster in KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
    return process.env.KAFKA_BROKERS;
  }
  const running = runningLocalBroker();
  if (running) {
    say(`using the broker started by npm run kafka:start on ${running} (it keeps running after Ctrl-C)`);
    return running;
  }
  checkJava();
  await ensureKafkaJars();
  say('starting the local Kafka broker (data in .kafka/data/single survives restarts)');
  broker = await startBroker({
    port: Number(process.env.KAFKA_PORT ?? 9092),
    controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
    dataDir: singleDataDir,
    logDir: runDir,
    name: 'npm-start',
    detached: false,
  });
  say(`Kafka is up on ${broker.bootstrap} in ${broker.startupMs} ms (log: ${path.relative(repoRoot, broker.logFile)})`);
  return broker.bootstrap;
}

function prefixLines(stream: NodeJS.ReadableStream, label: string, colour: string): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${colour}${label.padEnd(16)}${RESET}| ${line}\n`);
  });
}

function startApp(app: StackApp, index: number, env: NodeJS.ProcessEnv): void {
  const main = path.join(repoRoot, 'dist', 'apps', app.name, 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', main], {
    cwd: repoRoot,
    env: { ...env, PORT: String(appPort(app)) },
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
  process.stdout.write(stackTable(bootstrap) + '\n');
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
  if (broker) {
    say('stopping Kafka');
    await broker.stop();
  }
  say('stopped');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

  const bootstrap = await brokers();
  const env = {
    ...process.env,
    KAFKA_BROKERS: bootstrap,
    INGEST_URL: `http://127.0.0.1:${appPort(STACK_APPS[1])}`,
    WORD_COUNT_URL: `http://127.0.0.1:${appPort(STACK_APPS[2])}`,
    ROLLING_MEAN_URL: `http://127.0.0.1:${appPort(STACK_APPS[3])}`,
  };
  for (const line of describeReport(await provision(env))) say(line);

  say('building the apps (cached after the first run)');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects', STACK_APPS.map((a) => a.name).join(','), '--outputStyle=static'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the build failed; see above');

  STACK_APPS.forEach((app, index) => startApp(app, index, env));
  const unhealthy = await waitUntilHealthy();
  if (unhealthy.length > 0) {
    say(`not healthy after ${HEALTH_TIMEOUT_MS / 1000} s: ${unhealthy.map((a) => a.name).join(', ')} (see their logs above)`);
  } else {
    printTable(bootstrap);
  }
}

main().catch(async (error: Error) => {
  process.stderr.write(`[stack] ${error.message}\n`);
  await stopAll(1);
});
