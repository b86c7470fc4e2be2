import { randomInt } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import type { TopicNames } from '@kstream/contracts-core';
import { buildApp, committedTotal, openProcessTestBed, readAll, uniqueSuffix, waitDrained, waitFor, type ProcessTestBed } from '@kstream/kafka/testing';

import { recount, latestTotals } from '../testing/totals';

const LINES = Number(process.env['CRASH_TEST_LINES'] ?? 20_000);
const VOCABULARY = Array.from({ length: 300 }, (_, i) => `word${i}`);

// One build for both suites of this file (jest runs files in parallel, and two builds of one app would clash).
let main: string;
beforeAll(() => {
  main = buildApp('word-count');
}, 300_000);

describe(`word-count killed with SIGKILL in the middle of ${LINES} lines`, () => {
  let bed: ProcessTestBed;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const suffix = uniqueSuffix();
  const groupId = `word-count-crash-${suffix}`;

  beforeAll(async () => {
    bed = await openProcessTestBed('word-count-crash', suffix);
    ({ kafka, admin, producer, topics } = bed);
  }, 300_000);

  afterAll(async () => {
    await bed?.close();
  });

  const startApp = () => bed.start(main, { TOPIC_SUFFIX: suffix, WORD_COUNT_GROUP_ID: groupId }, 'word-count-crash');

  it('leaves exactly one word-counts record per line, unique source offsets and totals equal to a recount', async () => {
    for (let i = 0; i < LINES; i += 1000) {
      const messages = Array.from({ length: Math.min(1000, LINES - i) }, (_, j) => ({
        key: `k${(i + j) % 97}`,
        value: Array.from({ length: 1 + randomInt(12) }, () => VOCABULARY[randomInt(VOCABULARY.length)]).join(' '),
      }));
      await producer.send({ topic: topics.textLines, messages });
    }

    const first = await startApp();
    const started = Date.now();
    await waitFor(async () => (await committedTotal(admin, groupId, topics.textLines)) >= LINES / 4, { timeoutMs: 120_000, intervalMs: 50, description: 'a quarter of the lines committed' });
    await first.app.kill('SIGKILL');
    const atKill = await committedTotal(admin, groupId, topics.textLines);
    const firstRunMs = Date.now() - started;
    expect(atKill).toBeLessThan(LINES); // killed mid-stream

    const second = await startApp();
    const restarted = Date.now();
    await waitFor(async () => (await committedTotal(admin, groupId, topics.textLines)) > atKill, { timeoutMs: 120_000, intervalMs: 50, description: 'progress after the restart' });
    const resumedAt = Date.now();
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 150_000);
    const secondRunMs = Date.now() - restarted;
    const steadyMs = Date.now() - resumedAt;
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    await second.app.kill('SIGTERM');

    const inputs = await readAll(kafka, topics.textLines);
    const outputs = (await readAll(kafka, topics.wordCounts)).map((r) => JSON.parse(r.value ?? '') as WordCountRecord);
    const sources = new Set(outputs.map((o) => `${o.source.partition}@${o.source.offset}`));
    expect(inputs).toHaveLength(LINES);
    expect(outputs).toHaveLength(LINES);
    expect(sources.size).toBe(LINES);
    expect([...sources].sort()).toEqual(inputs.map((r) => `${r.partition}@${r.offset}`).sort());
    const alerts = await readAll(kafka, topics.wordAlerts);
    expect(alerts).toHaveLength(outputs.filter((o) => o.alert).length);
    expect(latestTotals(await readAll(kafka, topics.wordTotals))).toEqual(recount(inputs));

    process.stdout.write(
      `word-count crash test: ${LINES} lines; killed after ${atKill} committed in ${firstRunMs} ms; ` +
        `restart finished the other ${LINES - atKill} in ${secondRunMs} ms, of which ${secondRunMs - steadyMs} ms until the first commit ` +
        `(start-up, waiting out the dead member's session, fencing, restore); then ~${Math.round(((LINES - atKill) * 1000) / Math.max(1, steadyMs))} records/s\n`,
    );
  }, 240_000);
});

describe(`two word-count instances sharing ${LINES} lines, one added and one killed mid-stream`, () => {
  let bed: ProcessTestBed;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const suffix = uniqueSuffix();
  const groupId = `word-count-rebalance-${suffix}`;

  beforeAll(async () => {
    bed = await openProcessTestBed('word-count-rebalance', suffix);
    ({ kafka, admin, producer, topics } = bed);
  }, 300_000);

  afterAll(async () => {
    await bed?.close();
  });

  const startApp = () => bed.start(main, { TOPIC_SUFFIX: suffix, WORD_COUNT_GROUP_ID: groupId }, 'word-count-rebalance');

  const produce = async (from: number, to: number) => {
    for (let i = from; i < to; i += 500) {
      const messages = Array.from({ length: Math.min(500, to - i) }, (_, j) => ({
        key: `k${(i + j) % 89}`,
        value: Array.from({ length: 1 + randomInt(12) }, () => VOCABULARY[randomInt(VOCABULARY.length)]).join(' '),
      }));
      await producer.send({ topic: topics.textLines, messages });
    }
  };

  it('loses and duplicates nothing across a scale-up and a SIGKILL', async () => {
    const a = await startApp();
    await produce(0, LINES / 4);
    await waitFor(async () => (await committedTotal(admin, groupId, topics.textLines)) >= LINES / 8, { timeoutMs: 120_000, intervalMs: 50, description: 'A has committed some lines' });

    // Scale up: the group rebalances, A and B share the partitions, B restores its share.
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
    await produce(LINES / 4, LINES);
    await waitFor(async () => (await committedTotal(admin, groupId, topics.textLines)) >= LINES / 2, { timeoutMs: 120_000, intervalMs: 50, description: 'half of the lines committed' });
    await a.app.kill('SIGKILL'); // B takes A's partitions once A's session expires
    const atKill = await committedTotal(admin, groupId, topics.textLines);
    expect(atKill).toBeLessThan(LINES);

    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 150_000);
    expect((await fetch(`${b.url}/health`)).status).toBe(200);
    await b.app.kill('SIGTERM');

    const inputs = await readAll(kafka, topics.textLines);
    const outputs = (await readAll(kafka, topics.wordCounts)).map((r) => JSON.parse(r.value ?? '') as WordCountRecord);
    const sources = new Set(outputs.map((o) => `${o.source.partition}@${o.source.offset}`));
    expect(inputs).toHaveLength(LINES);
    expect(outputs).toHaveLength(LINES);
    expect(sources.size).toBe(LINES);
    expect(latestTotals(await readAll(kafka, topics.wordTotals))).toEqual(recount(inputs));
    process.stdout.write(`word-count rebalance test: ${LINES} lines, B first owned partitions [${shared.join(', ')}], A killed after ${atKill} committed; ${outputs.length} outputs, ${sources.size} unique sources\n`);
  }, 240_000);
});
