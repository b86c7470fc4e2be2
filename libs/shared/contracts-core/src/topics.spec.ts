import { suffixedTopicNames, TOPIC_SPECS, TOPICS } from './topics';

describe('topics', () => {
  it('has a spec for every topic name, and names are unique', () => {
    expect(TOPIC_SPECS.map((s) => s.key).sort()).toEqual(Object.keys(TOPICS).sort());
    expect(new Set(Object.values(TOPICS)).size).toBe(Object.values(TOPICS).length);
  });

  it('suffixes every name for isolated tests', () => {
    const names = suffixedTopicNames('t1');
    expect(names.textLines).toBe('text-lines-t1');
    expect(names.numbersDlq).toBe('numbers.dlq-t1');
  });
});
