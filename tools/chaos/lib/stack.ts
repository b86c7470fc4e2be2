import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { suffixedTopicNames, type TopicNames } from '@kstream/contracts';
import { kafkaClientConfig, loadKafkaEnv, provisionTopics } from '@kstream/kafka';
import { ChildApp, committedTotal, uniqueSuffix, waitDrained, waitFor } from '@kstream/kafka/testing';

export type AppName = 'ingest-producer' | 'word-count' | 'rolling-mean' | 'admin';
export const STREAM_APPS = ['word-count', 'rolling-mean'] as const;

/** Every app: the data path, and admin, which the rolling restart stops and starts too. */
export const APPS: readonly AppName[] = ['ingest-producer', ...STREAM_APPS, 'admin'];
let built = false;

/**
 * Builds the four bundles in one Nx run, once per test file (Nx caches them across files). Another
 * Nx command in the workspace can make one attempt fail: up to three.
 */
function buildApps(): void {
  for (let attempt = 1; !built; attempt++) {
    try {
      execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', APPS.join(','), '--outputStyle=static'], { stdio: 'pipe', timeout: 300_000 });
      built = true;
    } catch (error) {
      if (attempt >= 3) throw new Error(`nx build of ${APPS.join(', ')} failed ${attempt} times: ${(error as { stdout?: Buffer }).stdout?.toString().slice(-2000) ?? (error as Error).message}`);
    }
  }
}

function mainOf(name: AppName): string {
  buildApps();
  return join(process.cwd(), 'dist', 'apps', name, 'main.js');
}

export interface Instance {
  readonly name: AppName;
  readonly app: ChildApp;
  readonly url: string;
}

export interface StackOptions {
  /** Bootstrap list of the brokers the apps and the checks use. */
  readonly brokers: string;
  readonly replicationFactor?: number;
  /** Extra environment per app. */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
  /** kafkajs connection and request timeouts of the apps (short ones make a dead broker show quickly). */
  readonly requestTimeoutMs?: number;
}

/**
 * The apps as real processes on their own suffixed topics and groups, plus a client for the
 * checks. Apps are started and killed one instance at a time, the way an
 * orchestrator would; close() SIGKILLs whatever is left.
 */
export class ChaosStack {
  readonly suffix = uniqueSuffix();
  readonly topics: TopicNames = suffixedTopicNames(this.suffix);
  readonly groups = { 'word-count': `chaos-word-count-${this.suffix}`, 'rolling-mean': `chaos-rolling-mean-${this.suffix}` } as const;
  readonly kafka: Kafka;
  readonly admin: Admin;
  private readonly live: Instance[] = [];
  private readonly all: ChildApp[] = [];

  private constructor(readonly options: StackOptions) {
    const env = loadKafkaEnv({ KAFKA_BROKERS: options.brokers, KAFKA_LOG_LEVEL: 'nothing' });
    this.kafka = new Kafka({ ...kafkaClientConfig(env, 'chaos-checks'), logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
  }

  static async open(options: StackOptions): Promise<ChaosStack> {
    buildApps();
    const stack = new ChaosStack(options);
    await stack.admin.connect();
    await provisionTopics(stack.admin, { names: stack.topics, replicationFactor: options.replicationFactor ?? 1, attempts: 8 });
    return stack;
  }

  instances(name?: AppName): Instance[] {
    return this.live.filter((i) => name === undefined || i.name === name);
  }

  ingestUrls(): string[] {
    return this.instances('ingest-producer').map((i) => i.url);
  }

  /** Starts one more instance of an app and waits until its /health answers 200. */
  async start(name: AppName, env: Record<string, string> = {}, healthyWithinMs = 90_000): Promise<Instance> {
    const app = new ChildApp(
      mainOf(name),
      {
        KAFKA_BROKERS: this.options.brokers,
        TOPIC_SUFFIX: this.suffix,
        WORD_COUNT_GROUP_ID: this.groups['word-count'],
        ROLLING_MEAN_GROUP_ID: this.groups['rolling-mean'],
        KAFKA_REQUEST_TIMEOUT_MS: String(this.options.requestTimeoutMs ?? 30_000),
        ...this.options.env?.[name],
        ...env,
      },
      `chaos-${name}`,
    );
    this.all.push(app);
    const instance = { name, app, url: await app.start() };
    // Only a healthy instance takes traffic (a load balancer's readiness check).
    await this.waitHealthy(instance, healthyWithinMs);
    this.live.push(instance);
    return instance;
  }

  async waitHealthy(instance: Instance, timeoutMs = 90_000): Promise<void> {
    await waitFor(async () => (await fetch(`${instance.url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200, {
      timeoutMs,
      intervalMs: 250,
      description: `${instance.name} healthy (log ${instance.app.logFile})`,
    });
  }

  /**
   * Stops one instance with a signal. SIGTERM gets `graceMs` to finish, then SIGKILL; returns
   * how long it took and whether it had to be killed (a graceful stop that hangs is a finding).
   */
  async stop(instance: Instance, signal: NodeJS.Signals, graceMs = 30_000): Promise<{ ms: number; forced: boolean }> {
    const started = Date.now();
    this.live.splice(this.live.indexOf(instance), 1);
    const exited = instance.app.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(timer);
    if (!inTime) await instance.app.kill('SIGKILL');
    return { ms: Date.now() - started, forced: !inTime };
  }

  /** Sum of the committed offsets of an app's group on its input topic. */
  committed(name: (typeof STREAM_APPS)[number]): Promise<number> {
    return committedTotal(this.admin, this.groups[name], name === 'word-count' ? this.topics.textLines : this.topics.numbers);
  }

  /** Waits until both processors have committed the end of their input and then of their internal topic. */
  async waitDrained(timeoutMs: number): Promise<void> {
    for (const name of STREAM_APPS) {
      const topics = name === 'word-count' ? [this.topics.textLines, this.topics.wordCountRepartition] : [this.topics.numbers, this.topics.rollingMeanRepartition];
      await waitDrained(this.kafka, this.admin, this.groups[name], topics, timeoutMs);
    }
  }

  async close(): Promise<void> {
    for (const app of this.all) await app.kill('SIGKILL');
    this.live.length = 0;
    await this.admin.disconnect().catch(() => undefined);
  }
}

/**
 * For a describe block that runs on the suite's shared broker: opens a ChaosStack before its
 * tests, hands it to `use`, and closes it after them, whatever state a failed test left it in.
 */
export function withSharedStack(use: (stack: ChaosStack) => void): void {
  let stack: ChaosStack | undefined;
  beforeAll(async () => {
    stack = await ChaosStack.open({ brokers: process.env['KAFKA_BROKERS'] ?? '' });
    use(stack);
  }, 600_000);
  afterAll(async () => {
    await stack?.close();
  });
}
