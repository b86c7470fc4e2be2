import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { suffixedTopicNames } from '@kstream/contracts-core';
import type { InputRecord } from '@kstream/kafka';
import { RollingMeanTask } from './rolling-mean.task';

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

const means = (task: RollingMeanTask, values: string[], key: string | null = null) =>
  values.map((v) => {
    const outcome = task.process(input(v, key));
    return outcome.kind === 'output' ? outcome.meta.record.mean : 'dlq';
  });

describe('RollingMeanTask', () => {
  it('1, 2, 3, 4 gives null, null, 2, 3 with the window oldest first', () => {
    const task = new RollingMeanTask(2, topics, 3);
    expect(means(task, ['1', '2', '3', '4\n'])).toEqual([null, null, 2, 3]);
    expect(task.view('default')).toEqual({ series: 'default', window: [2, 3, 4], count: 4, mean: 3 });
  });

  it('keeps one window per series and writes the state to its own changelog partition', () => {
    const task = new RollingMeanTask(2, topics, 2);
    task.process(input('10', 'a'));
    task.process(input('11', 'a'));
    const outcome = task.process(input('1', 'b'));
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.messages.map((m) => m.topic)).toEqual([topics.rollingMeans]);
    expect(outcome.messages[0].message.key).toBe('b');
    // One changelog record per series changed since the last flush, with its latest window.
    const states = task.flush();
    expect(states.map((m) => [m.topic, m.message.key, m.message.partition, JSON.parse(String(m.message.value))])).toEqual([
      [topics.rollingMeanState, 'a', 2, { series: 'a', window: [10, 11], count: 2 }],
      [topics.rollingMeanState, 'b', 2, { series: 'b', window: [1], count: 1 }],
    ]);
    expect(task.flush()).toEqual([]);
    expect(means(task, ['20'], 'a')).toEqual([15.5]);
    expect(task.flush().map((m) => m.message.key)).toEqual(['a']);
  });

  it('flushes nothing for a number it dead-lettered', () => {
    const task = new RollingMeanTask(0, topics, 3);
    expect(means(task, ['abc'])).toEqual(['dlq']);
    expect(task.flush()).toEqual([]);
  });

  it('dead-letters bad numbers and leaves the window as it was', () => {
    const task = new RollingMeanTask(2, topics, 3);
    expect(means(task, ['1', 'abc', '2', 'NaN', '1e309', '', '3'])).toEqual([null, 'dlq', null, 'dlq', 'dlq', 'dlq', 2]);
    expect(task.view('default')?.count).toBe(3);
  });

  it.each(NUMBER_FIXTURES.map((f) => [f.name, f] as const))('fixture: %s', (_, fixture) => {
    const task = new RollingMeanTask(0, topics, 3);
    const outcome = task.process(input(fixture.record.value as Buffer | string | null, fixture.record.key as string | null, (fixture.record.headers ?? {}) as InputRecord['headers']));
    if (fixture.expected.ok) expect(outcome).toMatchObject({ kind: 'output', meta: { record: { value: fixture.expected.value, series: fixture.expected.series, count: 1 } } });
    else expect(outcome).toMatchObject({ kind: 'dead-letter', reason: fixture.expected.reason });
  });

  it('restores windows from changelog records and continues from them', () => {
    const task = new RollingMeanTask(1, topics, 3);
    task.restore({ key: Buffer.from('s'), value: Buffer.from(JSON.stringify({ series: 's', window: [1, 2], count: 7 })) } as never);
    expect(means(task, ['6'], 's')).toEqual([3]);
    expect(task.view('s')?.count).toBe(8);
  });

  it('handles window sizes 1 and 5, negative, fractional and large values', () => {
    expect(means(new RollingMeanTask(0, topics, 1), ['-1.5', '2'])).toEqual([-1.5, 2]);
    expect(means(new RollingMeanTask(0, topics, 5), ['1', '2', '3', '4', '5', '-15'])).toEqual([null, null, null, null, 3, -0.2]);
    expect(means(new RollingMeanTask(0, topics, 2), ['1.7e308', '1.7e308'])).toEqual([null, 1.7e308]);
  });
});
