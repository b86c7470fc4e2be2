import { randomInt } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { decodeNumber, type RawRecord, type RollingMeanRecord, type TopicNames, type WindowStateRecord } from '@kstream/contracts';
import { provisionTestTopics, testKafka, testKafkaEnv, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
import { EMPTY_WINDOW, pushValue, type WindowState, type WindowStep } from '@kstream/util-window';
import { buildApp, ChildApp, committedTotal, waitDrained } from '../testing/child-app';
import { readAll, type ReadRecord } from '../testing/read-all';

const NUMBERS = Number(process.env['CRASH_TEST_NUMBERS'] ?? 20_000);
const SERIES = 50;

/** The reference model: pushValue per series over the input, partition by partition, in offset order. */
function reference(inputs: readonly ReadRecord[], size: number): { steps: Map<string, WindowStep & { series: string }>; finals: Map<string, WindowState> } {
  const steps = new Map<string, WindowStep & { series: string }>();
  const finals = new Map<string, WindowState>();
  for (const input of inputs) {
    const decoded = decodeNumber(input.message as RawRecord);
    if (!decoded.ok) continue;
    const key = `${input.partition}\u0000${decoded.value.series}`;
    const step = pushValue(finals.get(key) ?? EMPTY_WINDOW, decoded.value.value, size);
    finals.set(key, step);
    steps.set(`${input.partition}@${input.offset}`, { ...step, series: decoded.value.series });
  }
  return { steps, finals };
}

describe(`rolling-mean killed with SIGKILL in the middle of ${NUMBERS} numbers over ${SERIES} series`, () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  let main: string;
  const suffix = uniqueSuffix();
  const groupId = `rolling-mean-crash-${suffix}`;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    main = buildApp('rolling-mean');
    kafka = testKafka('rolling-mean-crash');
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

  const startApp = async () => {
    const app = new ChildApp(main, { KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','), TOPIC_SUFFIX: suffix, ROLLING_MEAN_GROUP_ID: groupId }, 'rolling-mean-crash');
    apps.push(app);
    return { app, url: await app.start() };
  };

  it('publishes one result per valid number, each equal to the reference model, with no gap and no duplicate', async () => {
    let bad = 0;
    for (let i = 0; i < NUMBERS; i += 1000) {
      const messages = Array.from({ length: Math.min(1000, NUMBERS - i) }, (_, j) => {
        const n = i + j;
        // Every 500th is not a number: it must go to the DLQ and leave its window alone.
        if (n % 500 === 499) {
          bad++;
          return { key: `s${n % SERIES}`, value: 'not-a-number' };
        }
        return { key: `s${n % SERIES}`, value: `${randomInt(-1000, 1000) / 8}\n` };
      });
      await producer.send({ topic: topics.numbers, messages });
    }

    const first = await startApp();
    const started = Date.now();
    await waitFor(async () => (await committedTotal(admin, groupId, topics.numbers)) >= NUMBERS / 4, { timeoutMs: 120_000, intervalMs: 50, description: 'a quarter of the numbers committed' });
    await first.app.kill('SIGKILL');
    const atKill = await committedTotal(admin, groupId, topics.numbers);
    const firstRunMs = Date.now() - started;
    expect(atKill).toBeLessThan(NUMBERS);

    const second = await startApp();
    const restarted = Date.now();
    await waitFor(async () => (await committedTotal(admin, groupId, topics.numbers)) > atKill, { timeoutMs: 120_000, intervalMs: 50, description: 'progress after the restart' });
    const resumedAt = Date.now();
    await waitDrained(admin, groupId, topics.numbers, 150_000);
    const secondRunMs = Date.now() - restarted;
    const steadyMs = Date.now() - resumedAt;
    const listed = (await (await fetch(`${second.url}/series`)).json()) as { series: { series: string }[] };
    expect(listed.series).toHaveLength(SERIES);
    await second.app.kill('SIGTERM');

    const inputs = await readAll(kafka, topics.numbers);
    expect(inputs).toHaveLength(NUMBERS);
    const { steps, finals } = reference(inputs, 3);
    const outputs = (await readAll(kafka, topics.rollingMeans)).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
    expect(outputs).toHaveLength(NUMBERS - bad);
    const seen = new Set<string>();
    for (const out of outputs) {
      const at = `${out.source.partition}@${out.source.offset}`;
      expect(seen.has(at)).toBe(false);
      seen.add(at);
      const expected = steps.get(at);
      expect({ at, series: out.series, window: out.window, count: out.count, mean: out.mean }).toEqual({
        at,
        series: expected?.series,
        window: expected?.window,
        count: expected?.count,
        mean: expected?.mean,
      });
    }
    expect(seen.size).toBe(steps.size);
    expect(await readAll(kafka, topics.numbersDlq)).toHaveLength(bad);

    // The changelog ends where the reference model ends.
    const state = new Map<string, WindowStateRecord>();
    for (const r of await readAll(kafka, topics.rollingMeanState)) state.set(`${r.partition}\u0000${r.key}`, JSON.parse(r.value ?? '') as WindowStateRecord);
    expect(state.size).toBe(finals.size);
    for (const [key, final] of finals) expect({ key, window: state.get(key)?.window, count: state.get(key)?.count }).toEqual({ key, window: final.window, count: final.count });

    process.stdout.write(
      `rolling-mean crash test: ${NUMBERS} numbers (${bad} bad); killed after ${atKill} committed in ${firstRunMs} ms; ` +
        `restart finished the other ${NUMBERS - atKill} in ${secondRunMs} ms, of which ${secondRunMs - steadyMs} ms until the first commit; ` +
        `then ~${Math.round(((NUMBERS - atKill) * 1000) / Math.max(1, steadyMs))} records/s\n`,
    );
  }, 240_000);
});
