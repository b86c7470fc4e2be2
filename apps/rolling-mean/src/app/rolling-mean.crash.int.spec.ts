import { randomInt } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { SeriesNumber, WindowStateRecord } from '@kstream/contract-rolling-mean-state';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import type { TopicNames } from '@kstream/contracts-core';
import { homePartition } from '@kstream/kafka';
import { buildApp, committedTotal, openProcessTestBed, readAll, uniqueSuffix, waitDrained, waitFor, type ProcessTestBed } from '@kstream/kafka/testing';
import { EMPTY_WINDOW, pushValue, type WindowState, type WindowStep } from '@kstream/util-window';


const NUMBERS = Number(process.env['CRASH_TEST_NUMBERS'] ?? 20_000);
const SERIES = 50;

/**
 * The reference model: pushValue per series over the order in which the series' numbers reached
 * its partition of the repartition topic (read_committed). Also checks what that order must keep:
 * numbers of one input partition arrive in their input order, each valid input exactly once.
 */
async function reference(kafka: Kafka, topics: TopicNames, size: number): Promise<{ steps: Map<string, WindowStep & { series: string }>; finals: Map<string, WindowState> }> {
  const steps = new Map<string, WindowStep & { series: string }>();
  const finals = new Map<string, WindowState>();
  const lanes = new Map<string, bigint>();
  for (const routed of await readAll(kafka, topics.rollingMeanRepartition)) {
    const { series, value, source } = JSON.parse(routed.value ?? '') as SeriesNumber;
    expect(routed.partition).toBe(homePartition(series, 3));
    const lane = `${source.partition}\u0000${series}`;
    expect(BigInt(source.offset)).toBeGreaterThan(lanes.get(lane) ?? -1n);
    lanes.set(lane, BigInt(source.offset));
    const key = `${routed.partition}\u0000${series}`;
    const step = pushValue(finals.get(key) ?? EMPTY_WINDOW, value, size);
    finals.set(key, step);
    const at = `${source.partition}@${source.offset}`;
    expect(steps.has(at)).toBe(false);
    steps.set(at, { ...step, series });
  }
  return { steps, finals };
}

// One build for both suites of this file (two builds of one app at once would clash).
let main: string;
beforeAll(() => {
  main = buildApp('rolling-mean');
}, 300_000);

/** Checks the outputs, the DLQ and the changelog against the reference model; returns the number of outputs. */
async function verify(kafka: Kafka, topics: TopicNames, total: number, bad: number): Promise<number> {
  const inputs = await readAll(kafka, topics.numbers);
  expect(inputs).toHaveLength(total);
  const { steps, finals } = await reference(kafka, topics, 3);
  expect(steps.size).toBe(total - bad);
  const outputs = (await readAll(kafka, topics.rollingMeans)).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
  expect(outputs).toHaveLength(total - bad);
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
  return outputs.length;
}

/**
 * Numbers over SERIES series; every 500th is not a number. Two in three are keyed by their series,
 * the third is keyless JSON naming its series, so it lands on whatever partition the producer's
 * round robin gives it. Returns how many are bad.
 */
async function produceNumbers(producer: Producer, topic: string, from: number, to: number): Promise<number> {
  let bad = 0;
  for (let i = from; i < to; i += 1000) {
    const messages = Array.from({ length: Math.min(1000, to - i) }, (_, j) => {
      const n = i + j;
      if (n % 500 === 499) {
        bad++;
        return { key: `s${n % SERIES}`, value: 'not-a-number' };
      }
      const value = randomInt(-1000, 1000) / 8;
      if (n % 3 === 2) return { key: null, value: JSON.stringify({ value, series: `s${n % SERIES}` }), headers: { 'content-type': 'application/json' } };
      return { key: `s${n % SERIES}`, value: `${value}\n` };
    });
    await producer.send({ topic, messages });
  }
  return bad;
}

describe(`rolling-mean killed with SIGKILL in the middle of ${NUMBERS} numbers over ${SERIES} series`, () => {
  let bed: ProcessTestBed;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const suffix = uniqueSuffix();
  const groupId = `rolling-mean-crash-${suffix}`;

  beforeAll(async () => {
    bed = await openProcessTestBed('rolling-mean-crash', suffix);
    ({ kafka, admin, producer, topics } = bed);
  }, 300_000);

  afterAll(async () => {
    await bed?.close();
  });

  const startApp = () => bed.start(main, { TOPIC_SUFFIX: suffix, ROLLING_MEAN_GROUP_ID: groupId }, 'rolling-mean-crash');

  it('publishes one result per valid number, each equal to the reference model, with no gap and no duplicate', async () => {
    const bad = await produceNumbers(producer, topics.numbers, 0, NUMBERS);

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
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 150_000);
    const secondRunMs = Date.now() - restarted;
    const steadyMs = Date.now() - resumedAt;
    const listed = (await (await fetch(`${second.url}/series`)).json()) as { series: { series: string }[] };
    expect(listed.series).toHaveLength(SERIES);
    await second.app.kill('SIGTERM');

    await verify(kafka, topics, NUMBERS, bad);

    process.stdout.write(
      `rolling-mean crash test: ${NUMBERS} numbers (${bad} bad); killed after ${atKill} committed in ${firstRunMs} ms; ` +
        `restart finished the other ${NUMBERS - atKill} in ${secondRunMs} ms, of which ${secondRunMs - steadyMs} ms until the first commit; ` +
        `then ~${Math.round(((NUMBERS - atKill) * 1000) / Math.max(1, steadyMs))} records/s\n`,
    );
  }, 240_000);
});

describe(`two rolling-mean instances sharing ${NUMBERS} numbers, one added and one killed mid-stream`, () => {
  let bed: ProcessTestBed;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const suffix = uniqueSuffix();
  const groupId = `rolling-mean-rebalance-${suffix}`;

  beforeAll(async () => {
    bed = await openProcessTestBed('rolling-mean-rebalance', suffix);
    ({ kafka, admin, producer, topics } = bed);
  });

  afterAll(async () => {
    await bed?.close();
  });

  const startApp = () => bed.start(main, { TOPIC_SUFFIX: suffix, ROLLING_MEAN_GROUP_ID: groupId }, 'rolling-mean-rebalance');

  it('matches the reference model across a scale-up and a SIGKILL', async () => {
    const a = await startApp();
    let bad = await produceNumbers(producer, topics.numbers, 0, NUMBERS / 4);
    await waitFor(async () => (await committedTotal(admin, groupId, topics.numbers)) >= NUMBERS / 8, { timeoutMs: 120_000, intervalMs: 50, description: 'A has committed some numbers' });

    const b = await startApp();
    const shared = await waitFor(
      async () => {
        const res = await fetch(`${b.url}/health`).catch(() => undefined);
        if (res?.status !== 200) return undefined;
        const body = (await res.json()) as { checks: { consumer: { detail: { assigned: number[] } } } };
        return body.checks.consumer.detail.assigned;
      },
      { timeoutMs: 60_000, description: 'B in the group' },
    );
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.length).toBeLessThan(3);
    bad += await produceNumbers(producer, topics.numbers, NUMBERS / 4, NUMBERS);
    await waitFor(async () => (await committedTotal(admin, groupId, topics.numbers)) >= NUMBERS / 2, { timeoutMs: 120_000, intervalMs: 50, description: 'half of the numbers committed' });
    await a.app.kill('SIGKILL');
    const atKill = await committedTotal(admin, groupId, topics.numbers);
    expect(atKill).toBeLessThan(NUMBERS);

    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 150_000);
    await b.app.kill('SIGTERM');
    const outputs = await verify(kafka, topics, NUMBERS, bad);
    process.stdout.write(`rolling-mean rebalance test: ${NUMBERS} numbers (${bad} bad), B first owned partitions [${shared.join(', ')}], A killed after ${atKill} committed; ${outputs} outputs equal to the reference model\n`);
  }, 240_000);
});
