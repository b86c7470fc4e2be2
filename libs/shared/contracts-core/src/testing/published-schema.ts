import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isJsonRecord } from '../common/payload';
import { headerString, toBuffer, type RawRecord } from '../common/raw-record';
import type { TopicContract } from '../contract';
import { TOPICS } from '../topics';

/**
 * The JSON Schema the project publishes for a topic (`docs/schemas/<topic>.schema.json`, derived
 * from the contract classes), applied to a record that passed its contract check. Clients outside
 * the stack validate with these files, not with the classes, so every record a test reads back is
 * held to both: a derivation that drifts from the classes fails here, not in someone's consumer.
 */
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ allErrors: false });
addFormats(ajv);
ajv.addKeyword('x-contract-version');

function schemasDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return join(dir, 'docs', 'schemas');
  }
  throw new Error('docs/schemas not found above ' + __dirname);
}

export function publishedSchemaPath(contract: TopicContract): string {
  return join(schemasDir(), `${TOPICS[contract.topic]}.schema.json`);
}

function validator(contract: TopicContract): ValidateFunction {
  const path = publishedSchemaPath(contract);
  let validate = validators.get(path);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
    validators.set(path, validate);
  }
  return validate;
}

/** The record as the schema describes it: key and headers as text, the value as its wire form reads. */
function schemaView(contract: TopicContract, record: RawRecord): object {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(record.headers ?? {})) {
    const value = headerString(record.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const bytes = toBuffer(record.value);
  const text = bytes?.toString('utf8') ?? null;
  const json = contract.value.kind === 'json' || (contract.value.kind === 'text-or-json' && isJsonRecord(record));
  return { key: toBuffer(record.key)?.toString('utf8') ?? null, value: json && text !== null ? JSON.parse(text) : text, headers };
}

/** Undefined when the published schema accepts the record, else the field and the problem. */
export function publishedSchemaProblem(contract: TopicContract, record: RawRecord): { field: string; problem: string } | undefined {
  const validate = validator(contract);
  if (validate(schemaView(contract, record))) return undefined;
  const [error] = validate.errors ?? [];
  const field = (error?.instancePath ?? '').split('/').filter(Boolean).join('.') || '(record)';
  return { field, problem: `the published JSON Schema (docs/schemas/${TOPICS[contract.topic]}.schema.json) refuses it: ${error?.message ?? 'invalid'}` };
}
