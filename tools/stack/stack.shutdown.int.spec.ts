/**
 * The built apps as real processes on the test broker, stopped with SIGTERM under load the
 * way an orchestrator stops them: ingest-producer answers or refuses what it holds and
 * flushes its producer; word-count and rolling-mean finish or abort the transaction in hand
 * and leave their group. Afterwards nothing acknowledged is missing and nothing is doubled.
 * The same run follows one input's `id` through the stack and checks the JSON logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import { HEADERS, JSON_CONTENT_TYPE, type TopicNames } from '@kstream/contracts-core';
import {
  buildApp,
  ChildApp,
  committedTotal,
  provisionTestTopics,
  readAll,
  testKafka,
  testKafkaEnv,
  uniqueSuffix,
  waitDrained,
  waitFor,
  type ConsumedRecord,
} from '@kstream/kafka/testing';

/**
 * Long enough that each app is still busy when its SIGTERM lands: the stop is requested once a
 * twentieth is committed, and the consumers commit up to 3 × 2000 records at once (one
 * transaction per partition, concurrently). word-count drains ~26,000 lines/s on 2 cores, and on a
 * busy CI machine the stop has landed only after 17,806 and once after all 20,000 (of 20,000):
 * hence 60,000.
 */
const LINES = Number(process.env['SHUTDOWN_TEST_LINES'] ?? 60_000);
/** rolling-mean had committed at most 12,000 of 60,000 numbers when its stop landed. */
const NUMBERS = Number(process.env['SHUTDOWN_TEST_NUMBERS'] ?? 60_000);
const SERIES = 20;
const HTTP_WORKERS = 16;

interface Started {
  readonly app: ChildApp;
  readonly url: string;
}

let mains: Record<'ingest-producer' | 'word-count' | 'rolling-mean' | 'admin', string>;
beforeAll(() => {
  // One after the other: two Nx builds at once in one workspace can clash.
  mains = {
    'ingest-producer': buildApp('ingest-producer'),
    'word-count': buildApp('word-count'),
    'rolling-mean': buildApp('rolling-mean'),
    admin: buildApp('admin'),
  };
}, 900_000);

describe('the stack stopped with SIGTERM under load', () => {
  const suffix = uniqueSuffix();
  const groups = { wordCount: `word-count-shutdown-${suffix}`, rollingMean: `rolling-mean-shutdown-${suffix}` };
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    kafka = testKafka('stack-shutdown');
    topics = await provisionTestTopics(kafka, suffix);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGKILL');
    await producer?.disconnect();
    await admin?.disconnect();
  });

  const start = async (name: Exclude<keyof typeof mains, 'admin'>, extra: Record<string, string> = {}): Promise<Started> => {
    const app = new ChildApp(
      mains[name],
      {
        KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','),
        TOPIC_SUFFIX: suffix,
        WORD_COUNT_GROUP_ID: groups.wordCount,
        ROLLING_MEAN_GROUP_ID: groups.rollingMean,
        NODE_ENV: 'production',
        ...extra,
      },
      `${name}-shutdown`,
    );
    apps.push(app);
    const url = await app.start();
    await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, description: `${name} healthy` });
    return { app, url };
  };

  /** SIGTERM, then the time until the process is gone; a clean stop also leaves the group at once. */
  const terminate = async ({ app }: Started): Promise<number> => {
    const t0 = Date.now();
    await app.kill('SIGTERM');
    return Date.now() - t0;
  };

  const groupState = async (groupId: string) => (await admin.describeGroups([groupId])).groups[0];

  let acked: Map<string, { topic: string; partition: number; offset: string }>;
  let refused: number;

  it('loses and doubles nothing when every app gets SIGTERM mid-stream', async () => {
    // A backlog the processors are still working through when they are stopped.
    for (let i = 0; i < LINES; i += 1000) {
      const n = Math.min(1000, LINES - i);
      await producer.send({
        topic: topics.textLines,
        messages: Array.from({ length: n }, (_, j) => ({
          key: `k${(i + j) % 31}`,
          value: JSON.stringify({ text: `line ${i + j} ${'word '.repeat((i + j) % 11)}`.trim(), id: `d-${i + j}` }),
          headers: { [HEADERS.contentType]: JSON_CONTENT_TYPE },
        })),
      });
    }
    for (let i = 0; i < NUMBERS; i += 1000) {
      const n = Math.min(1000, NUMBERS - i);
      await producer.send({
        topic: topics.numbers,
        messages: Array.from({ length: n }, (_, j) => ({ key: `s${(i + j) % SERIES}`, value: String(((i + j) * 7) % 101), headers: { [HEADERS.id]: `n-${i + j}` } })),
      });
    }

    const ingest = await start('ingest-producer');
    const wordCount = await start('word-count');
    const rollingMean = await start('rolling-mean');

    // HTTP load on ingest-producer until it stops answering.
    acked = new Map();
    refused = 0;
    let sent = 0;
    let stopLoad = false;
    const worker = async (w: number) => {
      for (let i = 0; !stopLoad; i++) {
        const id = `h-${w}-${i}`;
        sent++;
        try {
          const res = await fetch(`${ingest.url}/lines`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: `over http ${w} ${i}`, id }),
          });
          if (res.status === 201) acked.set(id, (await res.json()) as { topic: string; partition: number; offset: string });
          else refused++;
        } catch {
          refused++; // the server is gone: nothing was acknowledged for this one
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: HTTP_WORKERS }, (_, w) => worker(w)));

    // Each app gets SIGTERM as soon as it is busy: a twentieth of its backlog committed, or 500 lines
    // acknowledged. (At a quarter, a quiet machine's word-count drained the other three quarters,
    // 15,000 lines, before the stop landed.)
    const stopWhen = async (started: Started, busy: () => Promise<boolean>, description: string) => {
      await waitFor(async () => (await busy()) || undefined, { timeoutMs: 120_000, intervalMs: 25, description });
      return terminate(started);
    };
    const [ingestStopMs, wordCountStopMs, rollingMeanStopMs] = await Promise.all([
      stopWhen(ingest, async () => acked.size >= 500, '500 lines acknowledged'),
      stopWhen(wordCount, async () => (await committedTotal(admin, groups.wordCount, topics.textLines)) >= LINES / 20, 'word-count busy'),
      stopWhen(rollingMean, async () => (await committedTotal(admin, groups.rollingMean, topics.numbers)) >= NUMBERS / 20, 'rolling-mean busy'),
    ]);
    stopLoad = true;
    await load;

    const committedAtStop = {
      wordCount: await committedTotal(admin, groups.wordCount, topics.textLines),
      rollingMean: await committedTotal(admin, groups.rollingMean, topics.numbers),
    };
    // Stopped mid-stream, within the grace period an orchestrator gives, and out of the group
    // at once (a killed member would stay until its session times out).
    expect(committedAtStop.wordCount).toBeLessThan(LINES);
    expect(committedAtStop.rollingMean).toBeLessThan(NUMBERS);
    for (const ms of [ingestStopMs, wordCountStopMs, rollingMeanStopMs]) expect(ms).toBeLessThan(20_000);
    // A member that left says so (LeaveGroup); a killed one stays until its 10 s session times out.
    for (const groupId of [groups.wordCount, groups.rollingMean]) {
      await waitFor(async () => (await groupState(groupId)).state === 'Empty', { timeoutMs: 5000, description: `${groupId} empty after the stop` });
    }

    // The rest of the backlog, by new instances of the same groups.
    const wordCount2 = await start('word-count');
    const rollingMean2 = await start('rolling-mean');
    await waitDrained(kafka, admin, groups.wordCount, [topics.textLines, topics.wordCountRepartition], 180_000);
    await waitDrained(kafka, admin, groups.rollingMean, [topics.numbers, topics.rollingMeanRepartition], 180_000);
    await terminate(wordCount2);
    await terminate(rollingMean2);

    // ingest-producer: every acknowledged line is stored once, at the offset it reported; nothing is doubled.
    const lines = await readAll(kafka, topics.textLines);
    const lineIds = lines.map((r) => (JSON.parse(r.value ?? '{}') as { id: string }).id);
    expect(new Set(lineIds).size).toBe(lineIds.length);
    const byId = new Map(lines.map((r, i) => [lineIds[i], r]));
    for (const [id, delivery] of acked) {
      const stored = byId.get(id);
      expect(stored && { id, topic: stored.topic, partition: stored.partition, offset: stored.offset }).toEqual({ id, topic: delivery.topic, partition: delivery.partition, offset: delivery.offset });
    }
    expect(lines.length).toBeLessThanOrEqual(LINES + sent);

    // word-count: one result per line, carrying the line's id, none twice.
    const counts = (await readAll(kafka, topics.wordCounts)).map((r) => JSON.parse(r.value ?? '') as WordCountRecord);
    expect(counts).toHaveLength(lines.length);
    expect(new Set(counts.map((c) => `${c.source.partition}@${c.source.offset}`)).size).toBe(lines.length);
    const idAt = new Map(lines.map((r, i) => [`${r.partition}@${r.offset}`, lineIds[i]]));
    expect(counts.filter((c) => c.id !== idAt.get(`${c.source.partition}@${c.source.offset}`))).toEqual([]);

    // rolling-mean: one result per number, each equal to the reference model (so the state survived the stop).
    const numbers = await readAll(kafka, topics.numbers);
    const means = (await readAll(kafka, topics.rollingMeans)).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
    expect(means).toHaveLength(NUMBERS);
    const meanAt = new Map(means.map((m) => [`${m.source.partition}@${m.source.offset}`, m]));
    expect(meanAt.size).toBe(NUMBERS);
    const wrong = referenceMeans(numbers).filter((expected) => {
      const actual = meanAt.get(`${expected.source.partition}@${expected.source.offset}`);
      return !actual || actual.series !== expected.series || actual.mean !== expected.mean || actual.window.join() !== expected.window.join();
    });
    expect(wrong.slice(0, 5)).toEqual([]);

    process.stdout.write(
      `shutdown test: ${acked.size} lines acknowledged over HTTP (${refused} refused or cut off), ` +
        `stopped in ${ingestStopMs}/${wordCountStopMs}/${rollingMeanStopMs} ms (ingest/word-count/rolling-mean) ` +
        `with ${committedAtStop.wordCount} lines and ${committedAtStop.rollingMean} numbers committed; ${lines.length} lines, ${counts.length} counts, ${means.length} means\n`,
    );
  }, 600_000);

  it('writes the logs as JSON in production, one object per line, naming the service', () => {
    for (const app of apps) {
      const lines = readFileSync(app.logFile, 'utf8').split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThan(0);
      const notJson = lines.filter((line) => {
        try {
          return typeof JSON.parse(line) !== 'object';
        } catch {
          return true;
        }
      });
      expect({ log: app.logFile, notJson }).toEqual({ log: app.logFile, notJson: [] });
      expect(lines.map((l) => JSON.parse(l) as { service?: string }).some((r) => r.service !== undefined)).toBe(true);
    }
  });
});

describe("one input's id, followed through the stack", () => {
  const suffix = uniqueSuffix();
  let kafka: Kafka;
  let producer: Producer;
  let topics: TopicNames;
  const apps: ChildApp[] = [];
  let urls: Record<string, string>;

  beforeAll(async () => {
    kafka = testKafka('stack-trace-id');
    topics = await provisionTestTopics(kafka, suffix);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const env = {
      KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','),
      TOPIC_SUFFIX: suffix,
      WORD_COUNT_GROUP_ID: `word-count-trace-${suffix}`,
      ROLLING_MEAN_GROUP_ID: `rolling-mean-trace-${suffix}`,
      NODE_ENV: 'production',
    };
    urls = {};
    for (const name of ['ingest-producer', 'word-count', 'rolling-mean'] as const) {
      const app = new ChildApp(mains[name], env, `${name}-trace`);
      apps.push(app);
      urls[name] = await app.start();
    }
    for (const url of Object.values(urls)) {
      await waitFor(async () => (await fetch(`${url}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 90_000, description: `${url} healthy` });
    }
  }, 300_000);

  afterAll(async () => {
    for (const app of apps) await app.kill('SIGTERM');
    await producer?.disconnect();
  });

  const post = async (path: string, body: string, contentType = 'text/plain') => {
    const res = await fetch(`${urls['ingest-producer']}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; partition: number; offset: string };
  };

  it('ingest gives every record an id and sets it as the `id` header', async () => {
    const line = await post('/lines', 'one two three four five six seven eight');
    expect(line.id).toEqual(expect.any(String));
    const [stored] = (await readAll(kafka, topics.textLines)).filter((r) => r.partition === line.partition && r.offset === line.offset);
    expect(stored.headers[HEADERS.id]).toBe(line.id);
  });

  it('word-counts and word-alerts carry the id of their line', async () => {
    const line = await post('/lines', JSON.stringify({ text: 'a b c d e f g h', id: 'trace-line-1' }), 'application/json');
    const find = async (topic: string) =>
      waitFor(async () => (await readAll(kafka, topic)).map((r) => JSON.parse(r.value ?? '') as WordCountRecord).find((c) => c.id === line.id), {
        timeoutMs: 60_000,
        description: `${line.id} on ${topic}`,
      });
    expect(await find(topics.wordCounts)).toMatchObject({ id: 'trace-line-1', words: 8, alert: true });
    expect(await find(topics.wordAlerts)).toMatchObject({ id: 'trace-line-1' });
  });

  it('a DLQ record keeps the id header of its input, and the log line about it names the id', async () => {
    await producer.send({
      topic: topics.textLines,
      messages: [{ key: 'bad', value: '{"text": broken', headers: { [HEADERS.contentType]: JSON_CONTENT_TYPE, [HEADERS.id]: 'trace-bad-1' } }],
    });
    await producer.send({ topic: topics.numbers, messages: [{ key: 'temp', value: 'not a number', headers: { [HEADERS.id]: 'trace-bad-2' } }] });
    const dlq = async (topic: string, id: string): Promise<ConsumedRecord> =>
      waitFor(async () => (await readAll(kafka, topic)).find((r) => r.headers[HEADERS.id] === id), { timeoutMs: 60_000, description: `${id} on ${topic}` });
    expect((await dlq(topics.textLinesDlq, 'trace-bad-1')).headers['dlq-reason']).toBe('invalid-json');
    expect((await dlq(topics.numbersDlq, 'trace-bad-2')).headers['dlq-reason']).toBe('not-a-number');

    const logged = (app: ChildApp, id: string) =>
      readFileSync(app.logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r['id'] === id);
    await waitFor(() => logged(apps[1], 'trace-bad-1'), { timeoutMs: 10_000, description: 'word-count logs the DLQ record with its id' });
    expect(logged(apps[1], 'trace-bad-1')).toMatchObject({ level: 'warn', service: 'word-count', reason: 'invalid-json' });
    expect(logged(apps[2], 'trace-bad-2')).toMatchObject({ level: 'warn', service: 'rolling-mean', reason: 'not-a-number' });
  });

  it('every app documents its metrics in docs/metrics.md, under one naming scheme', async () => {
    const admin = new ChildApp(mains.admin, { KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','), LAG_SAMPLE_INTERVAL_MS: '0' }, 'admin-trace');
    apps.push(admin);
    const all = { ...urls, admin: await admin.start() };
    const doc = readFileSync(join(process.cwd(), 'docs', 'metrics.md'), 'utf8');
    const undocumented: string[] = [];
    for (const [service, url] of Object.entries(all)) {
      const text = await waitFor(async () => {
        const res = await fetch(`${url}/metrics`).catch(() => undefined);
        return res?.status === 200 ? res.text() : undefined;
      }, { timeoutMs: 60_000, description: `${service} /metrics` });
      const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
      const own = names.filter((n) => !/^kstream_(process|nodejs)_/.test(n));
      const prefix = `kstream_${service === 'ingest-producer' ? 'ingest' : service.replace(/-/g, '_')}_`;
      expect(own.length).toBeGreaterThan(0);
      expect(names.filter((n) => !n.startsWith('kstream_'))).toEqual([]);
      expect(own.filter((n) => !n.startsWith(prefix))).toEqual([]);
      expect(text).toContain(`service="${service}"`);
      for (const name of own) {
        const generic = name.replace(/^kstream_(word_count|rolling_mean)_/, 'kstream_<service>_');
        if (!doc.includes(`\`${name}\``) && !doc.includes(`\`${generic}\``)) undocumented.push(name);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('rolling-means carry the id of their number as a header', async () => {
    const number = await post('/numbers', JSON.stringify({ value: 4, series: 'trace', id: 'trace-number-1' }), 'application/json');
    const result = await waitFor(async () => (await readAll(kafka, topics.rollingMeans)).find((r) => r.key === 'trace'), { timeoutMs: 60_000, description: 'the mean' });
    expect(result.headers[HEADERS.id]).toBe(number.id);
  });
});

/** Window of 3 per series, inputs in partition order (a series lives on one partition). */
function referenceMeans(numbers: ConsumedRecord[]): Pick<RollingMeanRecord, 'series' | 'value' | 'window' | 'mean' | 'source'>[] {
  const windows = new Map<string, number[]>();
  return numbers.map((r) => {
    const series = r.key ?? 'default';
    const value = Number(r.value);
    const window = [...(windows.get(series) ?? []), value].slice(-3);
    windows.set(series, window);
    return { series, value, window, mean: window.length === 3 ? (window[0] + window[1] + window[2]) / 3 : null, source: { topic: r.topic, partition: r.partition, offset: r.offset } };
  });
}
