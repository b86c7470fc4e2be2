import { type ContractClass, type TopicContract, TOPICS } from '@kstream/contracts-core';
import { classSchema, type JsonSchema } from './json-schema';

/** An Avro schema as JSON (a record, a union, a primitive's name, an array). */
export type AvroSchema = string | readonly AvroSchema[] | { readonly [key: string]: unknown };

const PRIMITIVES: Record<string, string> = { string: 'string', number: 'double', integer: 'long', boolean: 'boolean' };

/** The contract class an Avro value of the topic has: the JSON envelope's (an input topic) or the value's. Dead letters have none. */
export function avroContractClass(contract: TopicContract): ContractClass | undefined {
  return contract.value.kind === 'bytes' ? undefined : contract.value.cls;
}

/**
 * The Avro form of a topic's value, derived from the same contract class as its JSON Schema: a
 * record named after the class, in namespace `kstream.<topic>`, one field per property. A JSON
 * number is an Avro double, an integer a long; an optional field is a union with null, default
 * null, so a writer may leave it out. What Avro cannot say (lengths, patterns, bounds) the
 * topic's decoder still checks on the JSON the Avro value is turned into.
 */
export function avroSchema(contract: TopicContract): AvroSchema | undefined {
  const cls = avroContractClass(contract);
  if (!cls) return undefined;
  return { ...avroRecord(cls.name, classSchema(cls), avroNamespace(contract)), doc: contract.value.description };
}

/** `kstream.<topic>`, dashes as underscores (an Avro name has none). */
export function avroNamespace(contract: TopicContract): string {
  return `kstream.${TOPICS[contract.topic].replace(/-/g, '_')}`;
}

/** The Avro record of an object's JSON Schema (what `classSchema` gives). */
export function avroRecord(name: string, schema: JsonSchema, namespace?: string): Record<string, unknown> {
  return recordOf(name, schema, namespace);
}

function recordOf(name: string, schema: JsonSchema, namespace?: string): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([field, property]) => {
    const type = typeOf(`${name}_${field}`, property);
    return required.has(field) ? { name: field, type } : { name: field, type: ['null', ...(Array.isArray(type) ? type.filter((t) => t !== 'null') : [type])], default: null };
  });
  return { type: 'record', name, ...(namespace && { namespace }), fields };
}

function typeOf(name: string, schema: JsonSchema): AvroSchema {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const nullable = types.includes('null');
  const [type] = types.filter((t) => t !== 'null');
  let avro: AvroSchema;
  if (type === 'object') avro = recordOf(name, schema);
  else if (type === 'array') avro = { type: 'array', items: schema.items ? typeOf(`${name}_item`, schema.items) : 'string' };
  else if (type && PRIMITIVES[type]) avro = PRIMITIVES[type];
  else throw new Error(`${name}: no Avro form for JSON Schema type ${JSON.stringify(schema.type)}; add one in avro-schema.ts`);
  return nullable ? ['null', avro] : avro;
}
