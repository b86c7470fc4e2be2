import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';
import { CONSUMER_GROUPS, suffixedTopicNames, TOPIC_CONTRACTS, TOPIC_SPECS, TOPICS, type TopicContract } from '@kstream/contracts';
import { aclEntries, serviceAcls } from './acls';

const allowed = (user: string, resource: 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID', name: string, operation: 'READ' | 'WRITE') =>
  serviceAcls().some((g) => g.user === user && g.resource === resource && g.operations.includes(operation) && (g.pattern === 'LITERAL' ? g.name === name : name.startsWith(g.name)));

describe('serviceAcls', () => {
  it('lets each service write only its own outputs', () => {
    const writers = (topic: string) => ['ingest-producer', 'word-count', 'rolling-mean'].filter((u) => allowed(u, 'TOPIC', topic, 'WRITE'));
    expect(writers(TOPICS.textLines)).toEqual(['ingest-producer']);
    expect(writers(TOPICS.numbers)).toEqual(['ingest-producer']);
    for (const t of [TOPICS.wordCounts, TOPICS.wordAlerts, TOPICS.wordTotals, TOPICS.textLinesDlq, TOPICS.wordCountRepartition]) expect(writers(t)).toEqual(['word-count']);
    for (const t of [TOPICS.rollingMeans, TOPICS.rollingMeanState, TOPICS.numbersDlq, TOPICS.rollingMeanRepartition]) expect(writers(t)).toEqual(['rolling-mean']);
  });

  it('lets each stream processor alone read, write and describe its internal topic', () => {
    const grants = (topic: string) =>
      serviceAcls()
        .filter((g) => g.resource === 'TOPIC' && g.name === topic)
        .map((g) => [g.user, [...g.operations].sort()]);
    expect(grants(TOPICS.wordCountRepartition)).toEqual([['word-count', ['DESCRIBE', 'READ', 'WRITE']]]);
    expect(grants(TOPICS.rollingMeanRepartition)).toEqual([['rolling-mean', ['DESCRIBE', 'READ', 'WRITE']]]);
    // Its transactional ids (<group>-<topic>-<partition>) are covered by the group prefix.
    expect(allowed('word-count', 'TRANSACTIONAL_ID', `${CONSUMER_GROUPS.wordCount}-${TOPICS.wordCountRepartition}-2`, 'WRITE')).toBe(true);
  });

  it('grants a service every topic its contracts say it writes or reads', () => {
    for (const spec of TOPIC_SPECS) {
      const contract: TopicContract = TOPIC_CONTRACTS[spec.key];
      const name = TOPICS[spec.key];
      for (const app of contract.producers.filter((a) => a !== 'admin')) expect({ app, name, write: allowed(app, 'TOPIC', name, 'WRITE') }).toEqual({ app, name, write: true });
      for (const app of contract.consumers.filter((a) => a !== 'admin')) expect({ app, name, read: allowed(app, 'TOPIC', name, 'READ') }).toEqual({ app, name, read: true });
    }
  });

  it("keeps services out of each other's inputs, groups and transactional ids", () => {
    expect(allowed('word-count', 'TOPIC', TOPICS.numbers, 'READ')).toBe(false);
    expect(allowed('rolling-mean', 'TOPIC', TOPICS.textLines, 'READ')).toBe(false);
    expect(allowed('ingest-producer', 'TOPIC', TOPICS.textLines, 'READ')).toBe(false);
    expect(allowed('word-count', 'GROUP', 'word-count-restore-1a2b', 'READ')).toBe(true);
    expect(allowed('word-count', 'GROUP', 'rolling-mean', 'READ')).toBe(false);
    expect(allowed('word-count', 'TRANSACTIONAL_ID', 'word-count-text-lines-2', 'WRITE')).toBe(true);
    expect(allowed('rolling-mean', 'TRANSACTIONAL_ID', 'word-count-text-lines-2', 'WRITE')).toBe(false);
  });

  it('follows the topic names it is given', () => {
    const names = suffixedTopicNames('t1');
    expect(serviceAcls(names).filter((g) => g.resource === 'TOPIC').every((g) => g.name.endsWith('-t1'))).toBe(true);
  });

  it('becomes one kafkajs ACL entry per operation', () => {
    const [entry] = aclEntries([{ user: 'word-count', resource: 'GROUP', name: 'word-count', pattern: 'PREFIXED', operations: ['READ'] }]);
    expect(entry).toMatchObject({
      principal: 'User:word-count',
      resourceType: AclResourceTypes.GROUP,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      operation: AclOperationTypes.READ,
      host: '*',
    });
  });
});
