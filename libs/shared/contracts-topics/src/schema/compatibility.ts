import { describeParties, partiesOf, type TopicContract, TOPICS } from '@kstream/contracts-core';
import { CONTRACT_LIBRARIES } from '../lib/catalogue/topic-contracts';
import { boundChanges } from './bounds';
import { snapshotPath } from './documents';
import { topicSchema, type JsonSchema } from './json-schema';

export type BreakingKind =
  | 'removed field'
  | 'new required field'
  | 'field became required'
  | 'changed type'
  | 'new field on a closed object'
  | 'wider bound'
  | 'narrower bound'
  | 'changed bound';

/** Who a change can break: the parties of the topic that do not move in lockstep with the contract. */
export interface Parties {
  /** The topic has readers, which refuse values the previous version did not allow. */
  readonly readers: boolean;
  /** Clients outside the stack write the topic, and keep writing what the previous version allowed. */
  readonly outsideWriters: boolean;
}

const EVERYONE: Parties = { readers: true, outsideWriters: true };

const BOUND_KIND = { wider: 'wider bound', narrower: 'narrower bound', changed: 'changed bound' } as const;

/** One change that breaks a reader (or a writer) of the previous version. */
export interface BreakingChange {
  readonly kind: BreakingKind;
  /** Dotted path inside the record: `value.source.offset`, `headers.dlq-reason`, `key`. */
  readonly field: string;
  readonly detail: string;
}

function types(schema: JsonSchema): string[] {
  if (schema.type === undefined) return schema.oneOf ? ['oneOf'] : ['any'];
  return (Array.isArray(schema.type) ? [...schema.type] : [schema.type]).sort();
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/**
 * The changes between two versions of a schema that break a reader of the previous one:
 * - a removed field (its readers rely on it),
 * - a new required field, or an optional field made required (records of the previous version lack it),
 * - a changed type (including null allowed or no longer allowed),
 * - any new field on an object the previous version closed (`additionalProperties: false`):
 *   readers validate with forbidNonWhitelisted and refuse fields they do not know.
 * - a wider bound (a longer maxLength, a lower minimum, a new enum value, no pattern) when the topic
 *   has readers: they refuse the values they did not allow;
 * - a narrower bound when clients outside the stack write the topic: their records are refused;
 * - a pattern, format or const replaced by another: neither version contains the other.
 */
export function breakingChanges(previous: JsonSchema, next: JsonSchema, path = '', parties: Parties = EVERYONE): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const before = types(previous);
  const after = types(next);
  if (before.join('|') !== after.join('|')) {
    return [{ kind: 'changed type', field: path || '(record)', detail: `type ${before.join(' | ')} became ${after.join(' | ')}` }];
  }

  for (const bound of boundChanges(previous, next)) {
    const breaks =
      (bound.direction === 'wider' && parties.readers) ||
      (bound.direction === 'narrower' && parties.outsideWriters) ||
      (bound.direction === 'changed' && (parties.readers || parties.outsideWriters));
    if (breaks) changes.push({ kind: BOUND_KIND[bound.direction], field: path || '(record)', detail: bound.detail });
  }

  if (previous.oneOf && next.oneOf) {
    for (const old of previous.oneOf) {
      const title = old.title ?? '';
      const match = next.oneOf.find((s) => (s.title ?? '') === title);
      if (!match) changes.push({ kind: 'removed field', field: join(path, `(${title})`), detail: `the ${title} form is gone` });
      else changes.push(...breakingChanges(old, match, join(path, `(${title})`), parties));
    }
    for (const added of next.oneOf) {
      if (!previous.oneOf.some((s) => (s.title ?? '') === (added.title ?? ''))) {
        changes.push({ kind: 'changed type', field: join(path, `(${added.title ?? ''})`), detail: 'a new form that readers of the previous version do not decode' });
      }
    }
  }

  if (previous.properties || next.properties) {
    const oldProps = previous.properties ?? {};
    const newProps = next.properties ?? {};
    const oldRequired = new Set(previous.required ?? []);
    const newRequired = new Set(next.required ?? []);
    for (const name of Object.keys(oldProps)) {
      const field = join(path, name);
      if (!(name in newProps)) {
        changes.push({ kind: 'removed field', field, detail: `"${name}" was ${oldRequired.has(name) ? 'required' : 'optional'} and is gone` });
        continue;
      }
      if (newRequired.has(name) && !oldRequired.has(name)) {
        changes.push({ kind: 'field became required', field, detail: `"${name}" was optional and is now required` });
      }
      changes.push(...breakingChanges(oldProps[name], newProps[name], field, parties));
    }
    for (const name of Object.keys(newProps)) {
      if (name in oldProps) continue;
      const field = join(path, name);
      if (newRequired.has(name)) changes.push({ kind: 'new required field', field, detail: `"${name}" is new and required` });
      else if (previous.additionalProperties === false) {
        changes.push({ kind: 'new field on a closed object', field, detail: `"${name}" is new; readers of the previous version refuse unknown fields` });
      }
    }
  }

  if (previous.items && next.items) changes.push(...breakingChanges(previous.items, next.items, `${path}[]`, parties));
  return changes;
}

/**
 * What is wrong with a contract against its released snapshots (by version): a breaking change
 * at the same version, a version that went back, or a new version whose snapshot is not written.
 * Each problem names the topic, the field and the apps concerned.
 */
export function compatibilityProblems(contract: TopicContract, snapshots: ReadonlyMap<number, JsonSchema>): string[] {
  const name = TOPICS[contract.topic];
  const parties = describeParties(contract);
  const released = [...snapshots.keys()].sort((a, b) => a - b);
  const latest = released[released.length - 1];
  if (latest === undefined || contract.version > latest) {
    return [`${name}: contract v${contract.version} has no snapshot; run \`npm run contracts:generate\` and commit ${snapshotPath(contract)}`];
  }
  if (contract.version < latest) {
    return [`${name}: contract v${contract.version} is older than the released v${latest}; versions only go up`];
  }
  const previous = snapshots.get(latest) as JsonSchema;
  const { readers } = partiesOf(contract);
  return breakingChanges(previous, topicSchema(contract), '', { readers: readers.length > 0, outsideWriters: contract.externalProducers.length > 0 }).map(
    (change) =>
      `${name}, field "${change.field}": ${change.kind} (${change.detail}) breaks readers of released v${latest}; ` +
      `${parties}. Raise the version of the ${name} contract (${CONTRACT_LIBRARIES[contract.topic]}) to ${latest + 1} and run \`npm run contracts:generate\`, ` +
      `or make the change compatible (docs/contracts.md).`,
  );
}
