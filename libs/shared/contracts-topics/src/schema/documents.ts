import { stringify } from 'yaml';
import { TOPIC_SPECS, type TopicContract, TOPICS } from '@kstream/contracts-core';
import { TOPIC_CONTRACTS } from '../lib/catalogue/topic-contracts';
import { asyncApiDocument } from './asyncapi';
import { avroSchema } from './avro-schema';
import { topicSchema } from './json-schema';

/** Where the generated documents live, relative to the workspace root. */
export const ASYNCAPI_PATH = 'docs/asyncapi.yaml';
export const SCHEMAS_DIR = 'docs/schemas';
export const SNAPSHOTS_DIR = 'libs/shared/contracts-topics/snapshots';
export const AVRO_DIR = 'docs/schemas/avro';

/**
 * The Avro forms the processors use at run time, as constants in their contract libraries (so they
 * import no catalogue): the inputs' to check an Avro writer's schema against, the outputs' to write
 * Avro with (`OUTPUT_FORMAT=avro`).
 */
const AVRO_CONSTANTS: Partial<Record<TopicContract['topic'], { readonly path: string; readonly name: string }>> = {
  textLines: { path: 'libs/shared/contract-text-lines/src/lib/text-line.avro.ts', name: 'TEXT_LINE_AVRO_SCHEMA' },
  numbers: { path: 'libs/shared/contract-numbers/src/lib/number.avro.ts', name: 'NUMBER_AVRO_SCHEMA' },
  wordCounts: { path: 'libs/shared/contract-word-counts/src/lib/word-count.avro.ts', name: 'WORD_COUNT_AVRO_SCHEMA' },
  wordAlerts: { path: 'libs/shared/contract-word-counts/src/lib/word-alert.avro.ts', name: 'WORD_ALERT_AVRO_SCHEMA' },
  wordTotals: { path: 'libs/shared/contract-word-totals/src/lib/word-total.avro.ts', name: 'WORD_TOTAL_AVRO_SCHEMA' },
  rollingMeans: { path: 'libs/shared/contract-rolling-means/src/lib/rolling-mean.avro.ts', name: 'ROLLING_MEAN_AVRO_SCHEMA' },
};

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

export function avroPath(contract: TopicContract): string {
  return `${AVRO_DIR}/${TOPICS[contract.topic]}.avsc`;
}

function avroConstant(name: string, schema: unknown): string {
  return `// Generated from the topic's contract by \`npm run contracts:generate\`. Do not edit by hand.\n/** The Avro form of the topic's value (libs/shared/contracts-topics/src/schema/avro-schema.ts). */\nexport const ${name} = ${JSON.stringify(schema, null, 2)} as const;\n`;
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
  for (const contract of contracts()) {
    files.set(schemaPath(contract), json(topicSchema(contract)));
    const avro = avroSchema(contract);
    if (avro === undefined) continue;
    files.set(avroPath(contract), json(avro));
    const constant = AVRO_CONSTANTS[contract.topic];
    if (constant) files.set(constant.path, avroConstant(constant.name, avro));
  }
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
