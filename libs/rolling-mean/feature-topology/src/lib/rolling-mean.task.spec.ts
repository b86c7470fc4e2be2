import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { HEADERS, suffixedTopicNames } from '@kstream/contracts-core';
import { homePartition, type InputRecord } from '@kstream/kafka';
import { TopologyHarness } from '@kstream/kafka/testing';
import { NumbersTask } from './numbers.task';
import { RollingMeanTask } from './rolling-mean.task';
import { rollingMeanTopology } from './rolling-mean.topology';

const topics = suffixedTopicNames('t');
let offset = 0;
const input = (value: Buffer | string | null, key: string | null = null, headers: InputRecord['headers'] = {}): InputRecord => ({
  topic: topics.numbers,
  partition: 2,
  offset: String(offset++),
  key: key === null ? null : Buffer.from(key),
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers,
  timestamp: String(Date.now()),
});

/** The whole topology in memory: numbers written to `numbers` partitions (round robin unless given), the means that come out. */
function run(windowSize: number, values: readonly (string | [string, string | null, number])[]) {
  const harness = new TopologyHarness(rollingMeanTopology(topics, windowSize).stages, 3);
  values.forEach((v, i) => {
    const [value, key, partition] = typeof v === 'string' ? [v, null, i % 3] : v;
    harness.send(topics.numbers, partition, { key, value });
  });
  const means = harness.read(topics.rollingMeans).map((r) => JSON.parse(String(r.value)) as { series: string; mean: number | null; window: number[]; count: number });
  return { harness, means, dead: harness.deadLetters };
}

describe('rolling-mean topology', () => {
  it("the course's typed exercise: keyless numbers on partitions 2, 0, 2, 1, 1, 0 give the numbers alone, then the mean of the last three typed", () => {
    const typed: [string, null, number][] = [
      ['10', null, 2],
      ['20', null, 0],
      ['30', null, 2],
      ['40', null, 1],
      ['50', null, 1],
      ['60', null, 0],
    ];
    const { means } = run(3, typed);
    expect(means.map((m) => m.mean)).toEqual([null, null, 20, 30, 40, 50]);
    expect(means.map((m) => m.window)).toEqual([[10], [10, 20], [10, 20, 30], [20, 30, 40], [30, 40, 50], [40, 50, 60]]);
    expect(new Set(means.map((m) => m.series))).toEqual(new Set(['default']));
  });

  it('keeps one window per series whatever partition each number was written to, and its state in the series\' murmur2 partition', () => {
    const { harness, means } = run(2, [
      ['10', 'a', 0],
      ['11', 'a', 2],
      ['1', 'b', 1],
      ['20', 'a', 1],
    ]);
    expect(means.map((m) => [m.series, m.mean])).toEqual([
      ['a', null],
      ['a', 10.5],
      ['b', null],
      ['a', 15.5],
    ]);
    const state = harness.read(topics.rollingMeanState);
    for (const record of state) expect(record.partition).toBe(homePartition(String(record.key), 3));
    expect(JSON.parse(String(state.filter((r) => String(r.key) === 'a').at(-1)?.value))).toEqual({ series: 'a', window: [11, 20], count: 3 });
    // The means keep the origin of each number, not the internal hop.
    expect(harness.read(topics.rollingMeans).map((r) => JSON.parse(String(r.value)).source.topic)).toEqual([topics.numbers, topics.numbers, topics.numbers, topics.numbers]);
  });

  it('dead-letters bad numbers in the first stage and leaves the window as it was', () => {
    const { means, dead } = run(3, ['1', 'abc', '2', 'NaN', '1e309', '', '3']);
    expect(means.map((m) => m.mean)).toEqual([null, null, 2]);
    expect(dead.map((d) => [d.record.topic, d.outcome.reason])).toEqual([
      [topics.numbers, 'not-a-number'],
      [topics.numbers, 'not-a-number'],
      [topics.numbers, 'not-a-number'],
      [topics.numbers, 'empty-value'],
    ]);
  });

  it('handles window sizes 1 and 5, negative, fractional and large values', () => {
    expect(run(1, ['-1.5', '2']).means.map((m) => m.mean)).toEqual([-1.5, 2]);
    expect(run(5, ['1', '2', '3', '4', '5', '-15']).means.map((m) => m.mean)).toEqual([null, null, null, null, 3, -0.2]);
    expect(run(2, ['1.7e308', '1.7e308']).means.map((m) => m.mean)).toEqual([null, 1.7e308]);
  });
});

describe('NumbersTask', () => {
  it('re-keys a number by its series for the repartition topic, keeping its origin, id and timestamp', () => {
    const task = new NumbersTask(2, topics);
    const record = input(JSON.stringify({ value: 4, series: 'temp', id: 'n-1' }), 'other', { 'content-type': 'application/json' });
    const outcome = task.process(record);
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.messages).toHaveLength(1);
    const [{ topic, message }] = outcome.messages;
    expect(topic).toBe(topics.rollingMeanRepartition);
    expect(message.key).toBe('temp');
    expect(message.partition).toBeUndefined();
    expect(message.timestamp).toBe(record.timestamp);
    expect(JSON.parse(String(message.value))).toEqual({ series: 'temp', value: 4, id: 'n-1', source: { topic: topics.numbers, partition: 2, offset: record.offset } });
  });

  it.each(NUMBER_FIXTURES.map((f) => [f.name, f] as const))('fixture: %s', (_, fixture) => {
    const outcome = new NumbersTask(0, topics).process(input(fixture.record.value as Buffer | string | null, fixture.record.key as string | null, (fixture.record.headers ?? {}) as InputRecord['headers']));
    if (fixture.expected.ok) {
      if (outcome.kind !== 'output') throw new Error(`expected output, got ${JSON.stringify(outcome)}`);
      expect(JSON.parse(String(outcome.messages[0].message.value))).toMatchObject({ value: fixture.expected.value, series: fixture.expected.series });
    } else expect(outcome).toMatchObject({ kind: 'dead-letter', reason: fixture.expected.reason });
  });
});

describe('RollingMeanTask', () => {
  const internal = (series: string | null, value: unknown): InputRecord => ({ ...input(JSON.stringify(value), series), topic: topics.rollingMeanRepartition });
  const routed = (series: string, value: number) => internal(series, { series, value, id: `id-${value}`, source: { topic: topics.numbers, partition: 0, offset: '1' } });

  it('writes one changelog record per series changed since the last flush, to its own partition', () => {
    const task = new RollingMeanTask(2, topics, 2);
    task.process(routed('a', 10));
    task.process(routed('a', 11));
    const outcome = task.process(routed('b', 1));
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.messages.map((m) => [m.topic, m.message.key, m.message.headers])).toEqual([[topics.rollingMeans, 'b', { [HEADERS.id]: 'id-1' }]]);
    expect(task.flush().map((m) => [m.topic, m.message.key, m.message.partition, JSON.parse(String(m.message.value))])).toEqual([
      [topics.rollingMeanState, 'a', 2, { series: 'a', window: [10, 11], count: 2 }],
      [topics.rollingMeanState, 'b', 2, { series: 'b', window: [1], count: 1 }],
    ]);
    expect(task.flush()).toEqual([]);
  });

  it('restores windows from changelog records and continues from them', () => {
    const task = new RollingMeanTask(1, topics, 3);
    task.restore({ key: Buffer.from('s'), value: Buffer.from(JSON.stringify({ series: 's', window: [1, 2], count: 7 })) } as never);
    expect(task.process(routed('s', 6))).toMatchObject({ kind: 'output', meta: { record: { mean: 3, count: 8 } } });
  });

  it('dead-letters a record on the internal topic that its first stage could not have written', () => {
    const task = new RollingMeanTask(0, topics, 3);
    for (const bad of [
      internal('a', { series: 'a', value: 'x', id: 'i', source: { topic: 't', partition: 0, offset: '0' } }),
      internal('a', { series: 'a', value: 1, source: { topic: 't', partition: 0, offset: '0' } }),
      internal('b', { series: 'a', value: 1, id: 'i', source: { topic: 't', partition: 0, offset: '0' } }),
      internal('a', { series: 'a', value: 1, id: 'i' }),
      { ...routed('a', 1), value: Buffer.from('{') },
    ]) {
      expect(task.process(bad)).toMatchObject({ kind: 'dead-letter', reason: 'contract-violation' });
    }
    expect(task.flush()).toEqual([]);
  });
});
