import { stringify } from 'yaml';
import { TOPIC_SPECS, type TopicContract, TOPICS } from '@kstream/contracts-core';
import { TOPIC_CONTRACTS } from '../lib/catalogue/topic-contracts';
import { asyncApiDocument } from './asyncapi';
import { topicSchema } from './json-schema';

/** Where the generated documents live, relative to the workspace root. */
export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';
export const SCHEMAS_DIR = 'docs/schemas';
export const SNAPSHOTS_DIR = 'libs/shared/contracts-topics/snapshots';

const HEADER = '# Generated from libs/shared/contracts-topics by `npm run contracts:generate`. Do not edit by hand.\n';

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function contracts(): TopicContract[] {
  return TOPIC_SPECS.map((spec) => TOPIC_CONTRACTS[spec.key]);
}

export function asyncApiYaml(): string {
  return HEADER + stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

export function schemaPath(contract: TopicContract): string {
  return `${SCHEMAS_DIR}/${TOPICS[contract.topic]}.schema.json`;
}

/** The released schema of a contract version: written once, when the version first appears. */
export function snapshotPath(contract: TopicContract, version = contract.version): string {
  return `${SNAPSHOTS_DIR}/${TOPICS[contract.topic]}.v${version}.schema.json`;
}

/** Every generated document that must match the contracts, by path from the workspace root. */
export function generatedDocuments(): Map<string, string> {
  const files = new Map<string, string>([[ASYNCAPI_PATH, asyncApiYaml()]]);
  for (const contract of contracts()) files.set(schemaPath(contract), json(topicSchema(contract)));
  return files;
}

/** Versions that have a snapshot, from the file names of a snapshot directory listing. */
export function snapshotVersions(contract: TopicContract, fileNames: readonly string[]): number[] {
  const prefix = `${TOPICS[contract.topic]}.v`;
  return fileNames
    .filter((f) => f.startsWith(prefix) && f.endsWith('.schema.json'))
    .map((f) => Number(f.slice(prefix.length, -'.schema.json'.length)))
    .filter((v) => Number.isInteger(v))
    .sort((a, b) => a - b);
}
