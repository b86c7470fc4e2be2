import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import { suffixedTopicNames } from '@kstream/contracts-core';
import type { InputRecord } from '@kstream/kafka';
import { topWords, WordCountTask } from './word-count.task';

const topics = suffixedTopicNames('t');
const fixed = () => new Date('2026-01-01T00:00:00.000Z');
let offset = 0;
const input = (value: InputRecord['value'] | string, headers: InputRecord['headers'] = {}, key: string | null = null): InputRecord => ({
  topic: topics.textLines,
  partition: 1,
  offset: String(offset++),
  key: key === null ? null : Buffer.from(key),
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers,
  timestamp: String(Date.now()),
});

describe('WordCountTask', () => {
  it('counts, alerts over the threshold and writes totals to the changelog partition of its input', () => {
    const task = new WordCountTask(1, topics, 6, fixed);
    const outcome = task.process(input('one two three four five six seven one', {}, 'k1'));
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.meta.record).toMatchObject({ words: 8, alert: true, threshold: 6, text: 'one two three four five six seven one', source: { topic: topics.textLines, partition: 1 } });
    expect(outcome.messages.filter((m) => m.topic === topics.wordCounts)).toHaveLength(1);
    expect(outcome.messages.filter((m) => m.topic === topics.wordAlerts)).toHaveLength(1);
    expect(outcome.messages.filter((m) => m.topic === topics.wordTotals)).toEqual([]);
    const totals = task.flush();
    expect(totals).toHaveLength(7);
    expect(totals.every((m) => m.topic === topics.wordTotals && m.message.partition === 1)).toBe(true);
    expect(totals.find((m) => m.message.key === 'one')?.message.value).toBe(JSON.stringify({ word: 'one', count: 2 }));
    expect(outcome.messages[0].message.key?.toString()).toBe('k1');
  });

  it('flushes one total per word changed since the last flush, with its latest count', () => {
    const task = new WordCountTask(0, topics, 6, fixed);
    task.process(input('a b a'));
    task.process(input('b c'));
    expect(task.flush().map((m) => [m.message.key, m.message.value])).toEqual([
      ['a', JSON.stringify({ word: 'a', count: 2 })],
      ['b', JSON.stringify({ word: 'b', count: 2 })],
      ['c', JSON.stringify({ word: 'c', count: 1 })],
    ]);
    expect(task.flush()).toEqual([]);
    task.process(input('c'));
    task.process(input('!!'));
    expect(task.flush().map((m) => m.message.value)).toEqual([JSON.stringify({ word: 'c', count: 2 })]);
  });

  it('derives the id from topic, partition and offset, and keeps an envelope id', () => {
    const task = new WordCountTask(1, topics, 6, fixed);
    const raw = task.process(input('a b'));
    const json = task.process(input(JSON.stringify({ text: 'x', id: 'line-9' }), { 'content-type': 'application/json' }));
    if (raw.kind !== 'output' || json.kind !== 'output') throw new Error('expected output');
    expect(raw.meta.record.id).toBe(`${topics.textLines}-1-${raw.meta.record.source.offset}`);
    expect(json.meta.record.id).toBe('line-9');
  });

  // Once a stuck partition: the transaction carrying this result failed on every retry (MESSAGE_TOO_LARGE).
  it('dead-letters a line whose result the broker would refuse even gzip-compressed, before counting its words', () => {
    // 1 MiB of control characters, a word every 64: each becomes six bytes of JSON (\u0001), 5.5 MB that gzip only halves.
    let seed = 0x2545f491;
    const line = Array.from({ length: 1024 * 1024 }, (_, i) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return i % 64 === 63 ? 'x' : String.fromCharCode(1 + (seed % 31));
    }).join('');
    const task = new WordCountTask(0, topics, 6, fixed);
    expect(task.process(input(line))).toMatchObject({ kind: 'dead-letter', reason: 'too-large' });
    expect(task.totals.top(1)).toEqual([]);
    // A line of the same size that compresses well is counted.
    expect(task.process(input('lorem ipsum '.repeat(87_381)))).toMatchObject({ kind: 'output', meta: { record: { words: 174_762 } } });
  });

  it.each(TEXT_LINE_FIXTURES.map((f) => [f.name, f] as const))('fixture: %s', (_, fixture) => {
    const task = new WordCountTask(0, topics, 6, fixed);
    const outcome = task.process(input(fixture.record.value as Buffer | string | null, (fixture.record.headers ?? {}) as InputRecord['headers'], fixture.record.key as string | null));
    if (fixture.expected.ok) {
      expect(outcome.kind).toBe('output');
      if (outcome.kind === 'output') expect(outcome.meta.record).toMatchObject({ text: fixture.expected.text, words: fixture.expected.words });
    } else {
      expect(outcome).toMatchObject({ kind: 'dead-letter', reason: fixture.expected.reason });
    }
  });

  it('leaves the totals untouched on a bad record, restores from the changelog and merges partitions for the top', () => {
    const a = new WordCountTask(0, topics, 6, fixed);
    a.restore({ key: Buffer.from('kafka'), value: Buffer.from(JSON.stringify({ word: 'kafka', count: 5 })) } as never);
    a.process(input(''));
    expect(a.totals.get('kafka')).toBe(5);
    const b = new WordCountTask(1, topics, 6, fixed);
    b.process(input('Kafka, kafka streams'));
    expect(topWords([a, b], 2)).toEqual([
      { word: 'kafka', count: 7 },
      { word: 'streams', count: 1 },
    ]);
  });

  it('counts 10k words in one line', () => {
    const task = new WordCountTask(0, topics, 6, fixed);
    const outcome = task.process(input(Array.from({ length: 10_000 }, (_, i) => `w${i % 10}`).join(' \t ')));
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.meta.record.words).toBe(10_000);
    expect(task.totals.get('w3')).toBe(1000);
  });
});
