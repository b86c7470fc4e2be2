import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { type ContractClass, HEADERS, JSON_CONTENT_TYPE, type TopicContract, TOPICS } from '@kstream/contracts-core';

/** The subset of JSON Schema (draft-07, also the AsyncAPI schema format) the derivation writes. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  pattern?: string;
  format?: string;
  enum?: readonly string[];
  const?: string;
  oneOf?: JsonSchema[];
  'x-contract-version'?: number;
}

interface TypeStorage {
  findTypeMetadata(target: object, property: string): { typeFunction: () => unknown } | undefined;
}
/**
 * class-transformer keeps the @Type metadata in a storage its main entry does not export (and
 * esbuild-based runners emit no design types), so the nested classes are read from there.
 */
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TypeStorage };

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type Keywords = Omit<JsonSchema, 'properties' | 'required' | 'additionalProperties' | 'items'>;

/**
 * How each class-validator decorator used by the contracts reads as JSON Schema. A decorator
 * missing here makes the derivation throw, so a contract never silently loses a rule.
 */
const KEYWORDS: Record<string, (constraints: unknown[]) => Keywords> = {
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  maxLength: ([max]) => ({ maxLength: max as number }),
  isNumber: () => ({ type: 'number' }),
  isInt: () => ({ type: 'integer' }),
  min: ([min]) => ({ minimum: min as number }),
  isBoolean: () => ({ type: 'boolean' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  isNumberString: () => ({ type: 'string', pattern: '^[0-9]+$' }),
  isArray: () => ({ type: 'array' }),
  arrayMaxSize: ([max]) => ({ maxItems: max as number }),
};

/** Keyword order in the written documents, so regenerating gives the same bytes. */
const ORDER = ['type', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maxItems', 'enum', 'const', 'items'];

function sorted(schema: JsonSchema): JsonSchema {
  const entries = Object.entries(schema).sort(([a], [b]) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  });
  return Object.fromEntries(entries) as JsonSchema;
}

function constraintName(meta: ValidationMetadata): string | undefined {
  if (meta.name) return meta.name;
  return getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls)[0]?.name;
}

/**
 * A `@ValidateIf` is read as "the field may be null" only when it behaves exactly like that:
 * it skips validation for null and validates anything else. Other conditions have no JSON Schema form.
 */
function isNullableCondition(cls: ContractClass, property: string, meta: ValidationMetadata): boolean {
  const condition = meta.constraints?.[0] as ((object: object, value: unknown) => boolean) | undefined;
  if (typeof condition !== 'function') return false;
  const probe = new cls();
  const nullable = condition(probe, null) === false && condition(probe, 0) === true && condition(probe, 'x') === true;
  if (!nullable) throw new Error(`${cls.name}.${property}: @ValidateIf has no JSON Schema form (only "skip when null" is supported)`);
  return true;
}

function nestedClass(cls: ContractClass, property: string): ContractClass {
  const type = defaultMetadataStorage.findTypeMetadata(cls, property);
  const nested = type?.typeFunction() as ContractClass | undefined;
  if (!nested) throw new Error(`${cls.name}.${property}: @ValidateNested needs @Type(() => Class) to be described`);
  return nested;
}

/** JSON Schema of a contract class, read from its class-validator and class-transformer decorators. */
export function classSchema(cls: ContractClass): JsonSchema {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas) byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, list] of byProperty) {
    let own: Keywords = {};
    let items: Keywords | undefined;
    let nested: JsonSchema | undefined;
    let optional = false;
    let nullable = false;
    // Declaration order is bottom-up for decorators; apply the type first so refinements land on it.
    for (const meta of [...list].reverse()) {
      if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        if (meta.name === 'isOptional') optional = true;
        else nullable = isNullableCondition(cls, property, meta);
        continue;
      }
      if (meta.type === ValidationTypes.NESTED_VALIDATION) {
        nested = classSchema(nestedClass(cls, property));
        continue;
      }
      const name = constraintName(meta);
      const keywords = name ? KEYWORDS[name] : undefined;
      if (meta.type !== ValidationTypes.CUSTOM_VALIDATION || !keywords) {
        throw new Error(`${cls.name}.${property}: no JSON Schema form for @${name ?? meta.type}; add one in json-schema.ts`);
      }
      const add = keywords(meta.constraints ?? []);
      if (meta.each) items = { ...items, ...add };
      else own = { ...own, ...add };
    }
    let schema: JsonSchema = nested ? { ...nested, ...own } : own;
    if (items) schema.items = sorted(items);
    if (nullable) schema = { ...schema, type: [schema.type as string, 'null'] };
    properties[property] = sorted(schema);
    if (!optional) required.push(property);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

/** Schema of a record key, as the contract describes it. */
export function keySchema(contract: TopicContract): JsonSchema {
  const { key } = contract;
  const text: JsonSchema = { type: 'string', minLength: 1 };
  return key.required
    ? { description: key.description, ...text }
    : { description: key.description, type: ['string', 'null'] };
}

/** Schema of a record value; for JSON values, of the parsed JSON. */
export function valueSchema(contract: TopicContract): JsonSchema {
  const { value } = contract;
  switch (value.kind) {
    case 'json':
      return { title: value.cls.name, description: value.description, ...classSchema(value.cls) };
    case 'text-or-json':
      return {
        description: value.description,
        oneOf: [
          { title: 'raw', description: value.raw.description, type: 'string', minLength: 1, ...(value.raw.pattern ? { pattern: value.raw.pattern } : {}) },
          { title: value.cls.name, description: `JSON envelope, with header ${HEADERS.contentType}: ${JSON_CONTENT_TYPE}.`, ...classSchema(value.cls) },
        ],
      };
    case 'bytes':
      return { description: value.description };
  }
}

/** Schema of the headers: an object of string values; names the contract requires are required. */
export function headersSchema(contract: TopicContract): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const header of contract.headers) {
    properties[header.name] = sorted({
      description: header.description,
      type: 'string',
      ...(header.enum ? { enum: header.enum } : {}),
      ...(header.pattern ? { pattern: header.pattern } : {}),
    });
  }
  return {
    type: 'object',
    properties,
    required: contract.headers.filter((h) => h.required).map((h) => h.name),
    additionalProperties: true,
  };
}

/** The whole record of a topic (key, value, headers) as one JSON Schema document. */
export function topicSchema(contract: TopicContract): JsonSchema {
  const name = TOPICS[contract.topic];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://kstream.local/schemas/${name}.schema.json`,
    title: `${name} record`,
    description: contract.summary,
    'x-contract-version': contract.version,
    type: 'object',
    properties: { key: keySchema(contract), value: valueSchema(contract), headers: headersSchema(contract) },
    required: ['key', 'value', 'headers'],
    additionalProperties: false,
  };
}
