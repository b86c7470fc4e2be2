import { topicNameProblem } from './topic-name';

describe('topicNameProblem (Kafka: 1-249 of [a-zA-Z0-9._-], not "." or "..")', () => {
  it.each(['text-lines', 'text-lines.dlq', 'a', 'A_b.c-9', 'x'.repeat(249), '...'])('accepts %s', (name) => {
    expect(topicNameProblem(name)).toBeUndefined();
  });

  it.each(['', '.', '..', 'x'.repeat(250), 'has space', 'caf\u00e9', 'a/b', 'a$b'])('refuses %j', (name) => {
    expect(topicNameProblem(name)).toEqual(expect.any(String));
  });
});
