/**
 * Registers the Avro form of every topic contract in a schema registry, under the subject
 * `<topic>-value` (Confluent's TopicNameStrategy), with BACKWARD compatibility: a consumer on the new
 * schema must read records written with the previous one. The registry then refuses a breaking
 * change to a contract as the project's own compatibility check does (docs/contracts.md).
 *
 *   SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 npm run contracts:register [-- --check]
 *
 * --check asks the registry whether each contract's form may be registered next, and registers
 * nothing. Exit 0: all registered (or compatible); 1: the registry refused one (each is listed);
 * 2: bad arguments or no registry. TOPIC_SUFFIX names the deployed topics, as for the apps.
 */
import { avroSchema, contracts } from '@kstream/contracts/testing';
import { suffixedTopicNames, TOPICS } from '@kstream/contracts-core';
import { RegistryRefusedError, RegistryUnavailableError, SchemaRegistryClient } from '@kstream/data-access-registry';

export interface RegisteredContract {
  readonly subject: string;
  /** The id the registry gave (registering), or whether it would take the schema (--check). */
  readonly id?: number;
  readonly compatible: boolean;
  readonly problem?: string;
}

/** Registers (or, with `check`, tests) each contract's Avro form; a refusal is reported, not thrown. */
export async function registerContracts(client: SchemaRegistryClient, options: { check?: boolean; topicSuffix?: string } = {}): Promise<RegisteredContract[]> {
  const names = options.topicSuffix ? suffixedTopicNames(options.topicSuffix) : TOPICS;
  const results: RegisteredContract[] = [];
  // --check asks only about subjects that exist: one listing for all of them.
  const known = options.check ? new Set(await client.subjects()) : new Set<string>();
  for (const contract of contracts()) {
    const schema = avroSchema(contract);
    if (schema === undefined) continue;
    const subject = `${names[contract.topic]}-value`;
    const text = JSON.stringify(schema);
    try {
      if (options.check) {
        results.push({ subject, compatible: known.has(subject) ? await client.isCompatible(subject, text) : true });
      } else {
        await client.setCompatibility(subject, 'BACKWARD');
        results.push({ subject, id: await client.register(subject, text), compatible: true });
      }
    } catch (error) {
      if (!(error instanceof RegistryRefusedError)) throw error;
      results.push({ subject, compatible: false, problem: error.message });
    }
  }
  return results;
}

async function main(): Promise<number> {
  const url = process.env['SCHEMA_REGISTRY_URL'];
  const check = process.argv.includes('--check');
  const unknown = process.argv.slice(2).filter((a) => a !== '--check');
  if (!url || unknown.length > 0) {
    process.stderr.write(`${unknown.length > 0 ? `unknown argument ${unknown.join(' ')}\n` : 'SCHEMA_REGISTRY_URL is not set\n'}usage: SCHEMA_REGISTRY_URL=<Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7> npm run contracts:register [-- --check]\n`);
    return 2;
  }
  let results: RegisteredContract[];
  try {
    results = await registerContracts(new SchemaRegistryClient({ url }), { check, topicSuffix: process.env['TOPIC_SUFFIX'] || undefined });
  } catch (error) {
    process.stderr.write(`${error instanceof RegistryUnavailableError ? 'the schema registry did not answer' : 'registering failed'}: ${(error as Error).message}\n`);
    return 2;
  }
  for (const r of results) {
    const line = r.compatible ? (check ? 'compatible' : `registered, id ${r.id}, BACKWARD`) : `REFUSED: ${r.problem ?? 'not compatible with the latest version'}`;
    process.stdout.write(`${r.subject}: ${line}\n`);
  }
  return results.every((r) => r.compatible) ? 0 : 1;
}

if (require.main === module) void main().then((code) => process.exit(code));
