import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { appsConcerned, TOPIC_CONTRACTS, TOPICS, type TopicKey } from '@kstream/contracts';

/**
 * `nx affected` follows a change to one topic's contract to exactly the apps that write or read
 * the topic: each topic has its own contract library, and only those apps import it (lint keeps
 * apps off the catalogue that gathers them all). Asked of Nx's real project graph, per library.
 */
const root = path.resolve(__dirname, '..', '..');

/** The contract library of each topic: word-alerts shares word-counts' record, the DLQs one library. */
const LIBRARY: Record<TopicKey, string> = {
  textLines: 'contract-text-lines',
  numbers: 'contract-numbers',
  wordCounts: 'contract-word-counts',
  wordAlerts: 'contract-word-counts',
  wordTotals: 'contract-word-totals',
  rollingMeans: 'contract-rolling-means',
  rollingMeanState: 'contract-rolling-mean-state',
  textLinesDlq: 'contract-dlq',
  numbersDlq: 'contract-dlq',
};

function affectedApps(file: string): string[] {
  const out = execFileSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${file}`, '--type=app'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

describe('nx affected, per topic contract', () => {
  const libraries = [...new Set(Object.values(LIBRARY))];

  it.each(libraries)('a change in %s re-tests exactly the apps that write or read its topics', (library) => {
    const topics = (Object.keys(LIBRARY) as TopicKey[]).filter((t) => LIBRARY[t] === library);
    const expected = appsConcerned(topics).sort();
    // Never vacuous: every topic has a writer or a reader in the stack.
    expect(expected.length).toBeGreaterThan(0);
    const file = `libs/shared/${library}/src/index.ts`;
    expect({ topics: topics.map((t) => TOPICS[t]), apps: affectedApps(file) }).toEqual({ topics: topics.map((t) => TOPICS[t]), apps: expected });
  });

  it('covers every topic of the catalogue', () => {
    expect(Object.keys(LIBRARY).sort()).toEqual(Object.keys(TOPIC_CONTRACTS).sort());
  });
});
