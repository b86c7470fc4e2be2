import { TEXT_LINE_FIXTURES } from '@kstream/contract-text-lines/testing';
import { suffixedTopicNames } from '@kstream/contracts-core';
import { homePartition, type InputRecord } from '@kstream/kafka';
import { TopologyHarness } from '@kstream/kafka/testing';
import { WordCountTask } from './word-count.task';
import { wordCountTopology } from './word-count.topology';
import { topWords, WordTotalsTask } from './word-totals.task';

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
  it('counts, alerts over the threshold and hands each word on to the repartition topic, keyed by the word', () => {
    const task = new WordCountTask(1, topics, 6, fixed);
    const outcome = task.process(input('one two three four five six seven one', {}, 'k1'));
    if (outcome.kind !== 'output') throw new Error('expected output');
    expect(outcome.meta.record).toMatchObject({ words: 8, alert: true, threshold: 6, text: 'one two three four five six seven one', source: { topic: topics.textLines, partition: 1 } });
    expect(outcome.messages.filter((m) => m.topic === topics.wordCounts)).toHaveLength(1);
    expect(outcome.messages.filter((m) => m.topic === topics.wordAlerts)).toHaveLength(1);
    expect(outcome.messages.filter((m) => m.topic === topics.wordTotals || m.topic === topics.wordCountRepartition)).toEqual([]);
    const words = task.flush();
    expect(words).toHaveLength(7);
    // No pinned partition: the producer's murmur2 of the word places it, wherever the line came from.
    expect(words.every((m) => m.topic === topics.wordCountRepartition && m.message.partition === undefined)).toBe(true);
    expect(words.find((m) => m.message.key === 'one')?.message.value).toBe(JSON.stringify({ word: 'one', count: 2 }));
    expect(outcome.messages[0].message.key?.toString()).toBe('k1');
  });

  it('flushes one record per word seen since the last flush, with its occurrences summed', () => {
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
    expect(task.flush().map((m) => m.message.value)).toEqual([JSON.stringify({ word: 'c', count: 1 })]);
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
    expect(task.flush()).toEqual([]);
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

  it('keeps a word in one totals partition, the murmur2 one, whichever text-lines partition its lines landed on', () => {
    const { stages } = wordCountTopology(topics, 6);
    const harness = new TopologyHarness(stages, 3);
    // The same word twelve times over lines spread on every partition, as keyless producers spread them.
    for (let i = 0; i < 12; i++) harness.send(topics.textLines, i % 3, { value: i % 2 === 0 ? 'Kafka streams' : 'kafka' });
    const totals = harness.read(topics.wordTotals);
    const kafka = totals.filter((r) => r.key?.toString() === 'kafka');
    expect(new Set(kafka.map((r) => r.partition))).toEqual(new Set([homePartition('kafka', 3)]));
    expect(JSON.parse(String(kafka.at(-1)?.value))).toEqual({ word: 'kafka', count: 12 });
    const streams = totals.filter((r) => r.key?.toString() === 'streams');
    expect(new Set(streams.map((r) => r.partition))).toEqual(new Set([homePartition('streams', 3)]));
    expect(JSON.parse(String(streams.at(-1)?.value))).toEqual({ word: 'streams', count: 6 });
    expect(harness.read(topics.wordCounts)).toHaveLength(12);
  });

  it('restores totals, dead-letters a bad internal record without touching them, and merges partitions for the top', () => {
    const a = new WordTotalsTask(0, topics);
    a.restore({ key: Buffer.from('kafka'), value: Buffer.from(JSON.stringify({ word: 'kafka', count: 5 })) } as never);
    const internal = (key: string | null, value: string): InputRecord => ({ ...input(value, {}, key), topic: topics.wordCountRepartition });
    for (const [key, value] of [
      ['kafka', 'not json'],
      ['kafka', JSON.stringify({ word: 'kafka', count: 0 })],
      ['other', JSON.stringify({ word: 'kafka', count: 1 })],
      [null, JSON.stringify({ word: 'kafka', count: 1 })],
    ] as const) {
      expect(a.process(internal(key, value))).toMatchObject({ kind: 'dead-letter', reason: 'contract-violation' });
    }
    expect(a.view('kafka')?.count).toBe(5);
    expect(a.flush()).toEqual([]);
    expect(a.process(internal('kafka', JSON.stringify({ word: 'kafka', count: 2 })))).toMatchObject({ kind: 'output', meta: { word: 'kafka', count: 7 } });
    expect(a.flush().map((m) => [m.topic, m.message.partition, m.message.value])).toEqual([[topics.wordTotals, 0, JSON.stringify({ word: 'kafka', count: 7 })]]);
    const b = new WordTotalsTask(1, topics);
    b.process(internal('streams', JSON.stringify({ word: 'streams', count: 1 })));
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
    expect(task.flush().find((m) => m.message.key === 'w3')?.message.value).toBe(JSON.stringify({ word: 'w3', count: 1000 }));
  });
});
