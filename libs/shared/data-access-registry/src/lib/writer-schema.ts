import { Type, type Schema } from 'avsc';

/**
 * A writer's schema as avsc can decode with it. Field defaults are dropped first: Avro reads them
 * only from the reader's schema, and producers register ones Avro's own rules refuse, the course's
 * `Customer` among them (`"default": "null"`, a string, on a union whose first branch is null).
 * Confluent's and Apicurio's registries take such a schema; avsc would refuse to decode with it.
 */
export function writerType(text: string): Type {
  return Type.forSchema(withoutDefaults(JSON.parse(text)) as Schema);
}

function withoutDefaults(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDefaults);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(schema)) {
    if (name === 'fields' && Array.isArray(value)) {
      out[name] = value.map((field: Record<string, unknown>) => {
        const rest = { ...field };
        delete rest['default'];
        return { ...rest, type: withoutDefaults(field['type']) };
      });
    } else out[name] = name === 'items' || name === 'values' || name === 'type' ? withoutDefaults(value) : value;
  }
  return out;
}
