import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { appsConcerned, CONTRACT_LIBRARIES, TOPIC_CONTRACTS, TOPICS, type TopicKey } from '@kstream/contracts';

/**
 * `nx affected` follows a change to one topic's contract to exactly the apps that write or read
 * the topic: each topic has its own contract library, and only those apps import it (lint keeps
 * apps off the catalogue that gathers them all). Asked of Nx's real project graph, per library.
 */
const root = path.resolve(__dirname, '..', '..');


function affectedApps(file: string): string[] {
  const out = execFileSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${file}`, '--type=app'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

describe('nx affected, per topic contract', () => {
  const libraries = [...new Set(Object.values(CONTRACT_LIBRARIES))];

  it.each(libraries)('a change in %s re-tests exactly the apps that write or read its topics', (library) => {
    const topics = (Object.keys(CONTRACT_LIBRARIES) as TopicKey[]).filter((t) => CONTRACT_LIBRARIES[t] === library);
    const expected = appsConcerned(topics).sort();
    // Never vacuous: every topic has a writer or a reader in the stack.
    expect(expected.length).toBeGreaterThan(0);
    const file = `libs/shared/${library}/src/index.ts`;
    expect({ topics: topics.map((t) => TOPICS[t]), apps: affectedApps(file) }).toEqual({ topics: topics.map((t) => TOPICS[t]), apps: expected });
  }, 120_000);

  it('covers every topic of the catalogue', () => {
    expect(Object.keys(CONTRACT_LIBRARIES).sort()).toEqual(Object.keys(TOPIC_CONTRACTS).sort());
  });
});
