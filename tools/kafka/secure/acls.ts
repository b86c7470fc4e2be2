import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Admin, type AclEntry } from 'kafkajs';
import { CONSUMER_GROUPS, TOPICS, type TopicNames } from '@kstream/contracts';
import type { ServiceUser } from './scram';

type Operation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DELETE';

/** One grant: a principal may do `operations` on a resource (a literal name, or every name with that prefix). */
export interface AclGrant {
  user: ServiceUser;
  resource: 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID';
  name: string;
  pattern: 'LITERAL' | 'PREFIXED';
  operations: Operation[];
}

export interface ServiceGroups {
  wordCount: string;
  rollingMean: string;
}

const READS: Operation[] = ['READ', 'DESCRIBE'];
const WRITES: Operation[] = ['WRITE', 'DESCRIBE'];
/**
 * A changelog is written during processing and read back on restore; an internal (repartition)
 * topic is written by a processor's first stage and read by its second. A stream processor's outputs
 * need READ too: after each fence its engine asks their leaders which transactions are open
 * (DescribeProducers, which Kafka authorises as READ) to write the markers Kafka skipped.
 */
const READ_WRITE: Operation[] = ['READ', 'WRITE', 'DESCRIBE'];

/**
 * Least privilege per service, from the topic table of docs/architecture.md: each one reads its
 * inputs and writes its outputs, and nothing else (the stream processors may also read their
 * outputs, see READ_WRITE). The stream processors' consumer group,
 * their restore groups (`<group>-restore-…`, deleted after use) and their transactional ids
 * (`<group>-<topic>-<partition>`, see exactly-once-engine.ts) all start with the group id,
 * hence the prefixed grants. Idempotent producers need no IDEMPOTENT_WRITE on the cluster:
 * since KIP-679 WRITE on a topic is enough. Everything else (creating topics, ACLs, reading
 * other services' groups) is left to the admin principal, a super user.
 */
export function serviceAcls(topics: TopicNames = TOPICS, groups: ServiceGroups = CONSUMER_GROUPS): AclGrant[] {
  const topic = (user: ServiceUser, name: string, operations: Operation[]): AclGrant => ({ user, resource: 'TOPIC', name, pattern: 'LITERAL', operations });
  const prefixed = (user: ServiceUser, resource: 'GROUP' | 'TRANSACTIONAL_ID', name: string, operations: Operation[]): AclGrant => ({
    user,
    resource,
    name,
    pattern: 'PREFIXED',
    operations,
  });
  return [
    topic('ingest-producer', topics.textLines, WRITES),
    topic('ingest-producer', topics.numbers, WRITES),

    topic('word-count', topics.textLines, READS),
    topic('word-count', topics.wordCounts, READ_WRITE),
    topic('word-count', topics.wordAlerts, READ_WRITE),
    topic('word-count', topics.textLinesDlq, READ_WRITE),
    topic('word-count', topics.wordTotals, READ_WRITE),
    topic('word-count', topics.wordCountRepartition, READ_WRITE),
    prefixed('word-count', 'GROUP', groups.wordCount, ['READ', 'DESCRIBE', 'DELETE']),
    prefixed('word-count', 'TRANSACTIONAL_ID', groups.wordCount, ['WRITE', 'DESCRIBE']),

    topic('rolling-mean', topics.numbers, READS),
    topic('rolling-mean', topics.rollingMeans, READ_WRITE),
    topic('rolling-mean', topics.numbersDlq, READ_WRITE),
    topic('rolling-mean', topics.rollingMeanState, READ_WRITE),
    topic('rolling-mean', topics.rollingMeanRepartition, READ_WRITE),
    prefixed('rolling-mean', 'GROUP', groups.rollingMean, ['READ', 'DESCRIBE', 'DELETE']),
    prefixed('rolling-mean', 'TRANSACTIONAL_ID', groups.rollingMean, ['WRITE', 'DESCRIBE']),
  ];
}

/** The grants as kafkajs ACL entries (one per operation, any host). */
export function aclEntries(grants: AclGrant[]): AclEntry[] {
  return grants.flatMap((g) =>
    g.operations.map((operation) => ({
      resourceType: AclResourceTypes[g.resource],
      resourceName: g.name,
      resourcePatternType: ResourcePatternTypes[g.pattern],
      principal: `User:${g.user}`,
      host: '*',
      operation: AclOperationTypes[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/** Creates the grants (idempotent: Kafka keeps one copy of an ACL created twice). `admin` must be a super user. */
export async function applyAcls(admin: Admin, grants: AclGrant[]): Promise<number> {
  const acl = aclEntries(grants);
  await admin.createAcls({ acl });
  return acl.length;
}
