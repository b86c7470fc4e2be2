import { TOPICS } from '@kstream/contracts-core';
import { formatRecord, internalTopicNote } from './format-record';

const base = { partition: 1, offset: '7', key: null, headers: {} };

describe('formatRecord', () => {
  it('shows a word count with its alert', () => {
    const value = JSON.stringify({ text: 'one two three four five six seven', words: 7, alert: true, threshold: 6 });
    expect(formatRecord({ ...base, topic: 'word-counts', value })).toBe('[1@7] 7 words  ALERT (more than 6 words)  "one two three four five six seven"');
  });

  it('shows a rolling mean with its window, and a dash before the window is full', () => {
    const full = JSON.stringify({ series: 's', value: 4, window: [2, 3, 4], mean: 3 });
    const partial = JSON.stringify({ series: 's', value: 1, window: [1], mean: null });
    expect(formatRecord({ ...base, topic: 'rolling-means', value: full })).toBe('[1@7] s: 4  window [2, 3, 4]  mean 3');
    expect(formatRecord({ ...base, topic: 'rolling-means-ab12', value: partial })).toBe('[1@7] s: 1  window [1]  mean —');
  });

  it('shows a dead letter with its reason and origin', () => {
    const headers = { 'dlq-reason': 'not-a-number', 'dlq-source-topic': 'numbers', 'dlq-source-partition': '0', 'dlq-source-offset': '3', 'dlq-error': '"abc" is not a decimal number' };
    expect(formatRecord({ ...base, topic: 'numbers.dlq', value: 'abc', headers })).toBe(
      '[1@7] not-a-number from numbers[0]@3: "abc" is not a decimal number  value "abc"',
    );
  });

  it('shows the records of the internal topics as the steps they are, marked internal', () => {
    const words = JSON.stringify({ word: 'kafka', count: 3 });
    expect(formatRecord({ ...base, topic: TOPICS.wordCountRepartition, key: 'kafka', value: words })).toBe('[1@7] kafka: +3  (internal)');
    const number = JSON.stringify({ series: 's', value: 2.5, id: 'n-1', source: { topic: TOPICS.numbers, partition: 0, offset: '41' } });
    expect(formatRecord({ ...base, topic: `${TOPICS.rollingMeanRepartition}-ab12`, key: 's', value: number })).toBe(
      `[1@7] s: 2.5  id n-1  from ${TOPICS.numbers}[0]@41  (internal)`,
    );
  });

  it('says where the results are when the watched topic is internal, and nothing for the others', () => {
    expect(internalTopicNote(TOPICS.wordCountRepartition)).toBe(
      `${TOPICS.wordCountRepartition} is an internal topic of word-count, between its two stages: its results are in ${TOPICS.wordTotals}`,
    );
    expect(internalTopicNote(`${TOPICS.rollingMeanRepartition}-ab12`)).toContain(`its results are in ${TOPICS.rollingMeans}`);
    expect(internalTopicNote(TOPICS.wordTotals)).toBeUndefined();
    expect(internalTopicNote('other')).toBeUndefined();
  });

  it('falls back to key and value', () => {
    expect(formatRecord({ ...base, topic: 'other', key: 'k', value: 'v' })).toBe('[1@7] k → v');
  });
});
