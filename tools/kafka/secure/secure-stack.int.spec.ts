/**
 * The built apps as real processes against a secured broker of their own (SASL_SSL with
 * SCRAM, a private CA, the StandardAuthorizer and per-service ACLs), each with its own
 * principal and its password read from a file: the pipeline works with the right
 * credentials, a wrong password or an untrusted certificate stops a service at start-up
 * with a clear message, and writing a topic outside a service's ACLs is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { suffixedTopicNames, TOPICS, type RollingMeanRecord, type WordCountRecord } from '@kstream/contracts';
import { kafkaClientConfig, loadKafkaEnv, provisionTopics } from '@kstream/kafka';
import { buildApps, ChildApp, readRecords, runTool, waitFor } from '@kstream/kafka/testing';
import { provision } from '../../stack/provision';
import { startEphemeralSecureBroker, type EphemeralSecureBrokerHandle } from './ephemeral-secure';
import { ADMIN_USER, type ServiceUser } from './scram';

type AppName = 'ingest-producer' | 'word-count' | 'rolling-mean' | 'admin';
const ADMIN_TOKEN = 'secure-stack-admin-token-0123456789';

let broker: EphemeralSecureBrokerHandle;
let mains: Record<AppName, string>;
let scratch: string;
const apps: ChildApp[] = [];

/** A kafkajs client as `user`, configured the way the apps configure theirs: from the environment alone. */
const clientAs = (user: ServiceUser | typeof ADMIN_USER, env: Record<string, string> = {}) =>
  new Kafka({ ...kafkaClientConfig(loadKafkaEnv({ ...broker.clientEnv(user), ...env }), `test-${user}`), logLevel: logLevel.NOTHING });

async function startApp(name: AppName, env: Record<string, string>): Promise<{ app: ChildApp; url: string }> {
  const app = new ChildApp(mains[name], { NODE_ENV: 'production', LAG_SAMPLE_INTERVAL_MS: '0', ...env }, `secure-${name}`);
  apps.push(app);
  return { app, url: await app.start() };
}

const healthy = (url: string) =>
  waitFor(async () => (await fetch(`${url}/health`)).status === 200, { timeoutMs: 60_000, intervalMs: 250, description: `${url}/health to answer 200` });


/** Waits for a child to exit on its own and returns its exit code and log. */
async function exitOf(app: ChildApp, timeoutMs: number): Promise<{ code: number | null; log: string }> {
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([app.exited, new Promise<'running'>((resolve) => (timer = setTimeout(() => resolve('running'), timeoutMs)))]);
  clearTimeout(timer);
  if (code === 'running') throw new Error(`still running after ${timeoutMs} ms; log:\n${readFileSync(app.logFile, 'utf8')}`);
  return { code: code ?? null, log: readFileSync(app.logFile, 'utf8') };
}

beforeAll(async () => {
  const started = Date.now();
  // The broker boots while Nx builds (or finds in its cache) the four apps; real builds share the
  // two cores with the JVM, hence the generous (still bounded) start timeout.
  const starting = startEphemeralSecureBroker({ name: 'secure-stack', startTimeoutMs: 120_000 });
  starting.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
  try {
    mains = await buildApps(['ingest-producer', 'word-count', 'rolling-mean', 'admin'] as const);
  } catch (error) {
    await starting.then((b) => b.stop(), () => undefined);
    throw error;
  }
  broker = await starting;
  process.stdout.write(`secure stack: apps built and secured broker up in ${Date.now() - started} ms\n`);
  scratch = mkdtempSync(join(tmpdir(), 'secure-stack-'));
  // Provisioning as the admin principal, through the same code as `npm run kafka:provision`.
  await provision({ ...broker.clientEnv(ADMIN_USER) });
}, 600_000);

afterAll(async () => {
  for (const app of apps) await app.kill('SIGKILL');
  await broker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the stack on a secured broker (SASL_SSL, SCRAM, ACLs)', () => {
  it('runs the whole pipeline, each service as its own principal', async () => {
    const started = Date.now();
    const tokenFile = join(scratch, 'admin-token');
    writeFileSync(tokenFile, `${ADMIN_TOKEN}\n`, { mode: 0o600 });
    const [ingest, wordCount, rollingMean, admin] = await Promise.all([
      startApp('ingest-producer', broker.clientEnv('ingest-producer')),
      startApp('word-count', broker.clientEnv('word-count', 'scram-sha-512')),
      startApp('rolling-mean', broker.clientEnv('rolling-mean')),
      startApp('admin', { ...broker.clientEnv(ADMIN_USER), ADMIN_TOKEN_FILE: tokenFile }),
    ]);
    await Promise.all([ingest, wordCount, rollingMean, admin].map(({ url }) => healthy(url)));
    const healthyAt = Date.now();

    const lines = ['the quick brown fox', 'jumps over the lazy dog and keeps on running far away'];
    for (const [i, text] of lines.entries()) {
      const res = await fetch(`${ingest.url}/lines`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, id: `l${i}` }) });
      expect(res.status).toBe(201);
    }
    for (const value of [1, 2, 3, 4]) {
      const res = await fetch(`${ingest.url}/numbers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value, series: 's' }) });
      expect(res.status).toBe(201);
    }

    const kafka = clientAs(ADMIN_USER);
    const counts = (await readRecords(kafka, TOPICS.wordCounts, 2, { timeoutMs: 60_000 })).map((r) => JSON.parse(r.value ?? '') as WordCountRecord);
    expect(counts.map((c) => [c.text, c.words, c.alert]).sort()).toEqual([
      ['jumps over the lazy dog and keeps on running far away', 11, true],
      ['the quick brown fox', 4, false],
    ]);
    const means = (await readRecords(kafka, TOPICS.rollingMeans, 4, { timeoutMs: 60_000 })).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
    expect(means.map((m) => m.mean)).toEqual([null, null, 2, 3]);
    process.stdout.write(`secure stack: 4 apps healthy in ${healthyAt - started} ms, results read ${Date.now() - healthyAt} ms later\n`);

    // The admin app reads the cluster as the admin principal; its mutations still need the token.
    const topics = await fetch(`${admin.url}/topics`);
    expect(topics.status).toBe(200);
    expect(JSON.stringify(await topics.json())).toContain(TOPICS.wordTotals);
    const create = (authorization?: string) =>
      fetch(`${admin.url}/topics`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: JSON.stringify({ name: 'made-by-admin', partitions: 1, replicationFactor: 1 }),
      });
    expect((await create()).status).toBe(401);
    expect((await create('Bearer wrong-token-wrong-token')).status).toBe(403);
    expect((await create(`Bearer ${ADMIN_TOKEN}`)).status).toBe(201);

    // No password reached a log.
    for (const app of [ingest, wordCount, rollingMean, admin]) {
      const log = readFileSync(app.app.logFile, 'utf8');
      for (const { password } of Object.values(broker.users)) expect(log).not.toContain(password);
      expect(log).not.toContain(ADMIN_TOKEN);
    }
  }, 180_000);

  it('stops a service at start-up with a clear message when its password is wrong, without printing it', async () => {
    const wrong = join(scratch, 'wrong-password');
    writeFileSync(wrong, 'not-the-password-of-word-count\n', { mode: 0o600 });
    const started = Date.now();
    const { app } = await startApp('word-count', { ...broker.clientEnv('word-count'), KAFKA_SASL_PASSWORD_FILE: wrong });
    const { code, log } = await exitOf(app, 30_000);
    expect(code).toBe(1);
    expect(log).toContain('word-count cannot start');
    // JSON log lines escape the quotes around the user name.
    expect(log).toMatch(/refused the credentials of user \\?"word-count\\?" \(SCRAM-SHA-256\)/);
    expect(log).not.toContain('not-the-password-of-word-count');
    process.stdout.write(`secure stack: word-count with a wrong password exited ${code} after ${Date.now() - started} ms\n`);
  }, 60_000);

  it('stops a service at start-up when it cannot verify the broker certificate', async () => {
    const withoutCa = broker.clientEnv('ingest-producer');
    delete withoutCa['KAFKA_SSL_CA_FILE'];
    const { app } = await startApp('ingest-producer', withoutCa);
    const { code, log } = await exitOf(app, 30_000);
    expect(code).toBe(1);
    expect(log).toContain('did not verify (SELF_SIGNED_CERT_IN_CHAIN');
    expect(log).toContain('set KAFKA_SSL_CA_FILE');
  }, 60_000);

  it("refuses a service writing or reading a topic outside its ACLs, and says which", async () => {
    const producer = clientAs('ingest-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await expect(producer.send({ topic: TOPICS.textLines, messages: [{ value: 'allowed' }] })).resolves.toHaveLength(1);
      const refused = await producer.send({ topic: TOPICS.wordCounts, messages: [{ value: 'forged result' }] }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(refused?.message).toMatch(/Not authorized to access topics: \[Topic authorization failed\]/);
    } finally {
      await producer.disconnect();
    }

    // Nor may word-count read rolling-mean's input, even from a group name it owns.
    const consumer = clientAs('word-count').consumer({ groupId: 'word-count-probe' });
    await consumer.connect();
    try {
      await expect(consumer.subscribe({ topic: TOPICS.numbers, fromBeginning: true })).rejects.toThrow(/Not authorized to access topics/);
    } finally {
      await consumer.disconnect();
    }

    // ingest-producer pointed at topics it has no ACL for (they exist: the admin made them).
    const other = suffixedTopicNames('elsewhere');
    const admin = clientAs(ADMIN_USER).admin();
    await admin.connect();
    await provisionTopics(admin, { names: other });
    await admin.disconnect();
    const { url } = await startApp('ingest-producer', { ...broker.clientEnv('ingest-producer'), TOPIC_SUFFIX: 'elsewhere' });
    await healthy(url);
    const res = await fetch(`${url}/lines`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'to a topic I may not write' }) });
    const body = (await res.json()) as { message: string };
    expect(res.status).toBe(403);
    expect(body.message).toContain(other.textLines);
    expect(body.message).toContain('TOPIC_AUTHORIZATION_FAILED');
  }, 90_000);

  it('has the command-line tools name the real cause: a refused password, a refused topic, a topic the principal may not see', async () => {
    const wrong = join(scratch, 'wrong-password-cli');
    writeFileSync(wrong, 'not-the-password-of-ingest\n', { mode: 0o600 });
    const badPassword = await runTool('tools/ingest/cli.ts', ['lines'], { env: { ...broker.clientEnv('ingest-producer'), KAFKA_SASL_PASSWORD_FILE: wrong }, stdin: 'a line\n', withoutKafkaEnv: true });
    expect(badPassword.code).toBe(1);
    expect(badPassword.stderr).toMatch(/refused the credentials of user "ingest-producer"/);
    expect(badPassword.stderr).not.toContain('cannot reach Kafka');
    expect(badPassword.stderr).not.toContain('not-the-password-of-ingest');

    // word-count may read text-lines, not write it.
    const refused = await runTool('tools/ingest/cli.ts', ['lines', '--topic', TOPICS.textLines], { env: broker.clientEnv('word-count'), stdin: 'not mine to write\n', withoutKafkaEnv: true });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Kafka refused principal User:word-count on text-lines \(TOPIC_AUTHORIZATION_FAILED\)/);

    // word-count may not describe numbers: watch says it may be hidden, not only missing.
    const hidden = await runTool('tools/watch/cli.ts', [TOPICS.numbers], { env: broker.clientEnv('word-count'), withoutKafkaEnv: true });
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/no topic "numbers" visible to User:word-count .* no DESCRIBE and READ on it/);
  }, 120_000);
});
