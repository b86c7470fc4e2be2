import { Type, type Schema } from 'avsc';
import { HEADERS } from '@kstream/contracts-core';
import { frame } from './confluent-frame';
import type { SchemaRegistryClient } from './registry-client';

/**
 * Writes values in the Confluent wire format with one schema, registered (or found) under a subject
 * first, as Confluent's serializer does with auto-registration: what `npm run ingest -- --format avro`
 * sends.
 */
export class AvroValueWriter {
  private constructor(
    private readonly type: Type,
    readonly schemaId: number,
  ) {}

  /** `type`: the schema already parsed by avsc, when the caller has it. */
  static async register(registry: SchemaRegistryClient, subject: string, schema: object, type = Type.forSchema(schema as Schema)): Promise<AvroValueWriter> {
    const schemaId = await registry.register(subject, JSON.stringify(schema));
    return new AvroValueWriter(type, schemaId);
  }

  /** The framed value; throws when `value` is not a record of the schema (an optional field may be left out). */
  encode(value: Record<string, unknown>): Buffer {
    const complete: Record<string, unknown> = {};
    for (const field of (this.type as Type & { fields?: { name: string }[] }).fields ?? []) complete[field.name] = value[field.name] ?? null;
    return frame(this.schemaId, this.type.toBuffer(complete));
  }

  /**
   * A record whose value is a JSON envelope, as the stack's producers build it, written as Avro: the
   * value framed, the content-type header dropped (the frame says what the value is).
   */
  fromJson<R extends { readonly value: Buffer; readonly headers: Record<string, string> }>(record: R): R {
    return { ...record, value: this.encode(JSON.parse(record.value.toString()) as Record<string, unknown>), headers: withoutContentType(record.headers) };
  }
}

/** Headers without the JSON content type: an Avro value's frame says what it is. */
export function withoutContentType<H extends object>(headers: H): H {
  const rest = { ...headers } as Record<string, unknown>;
  delete rest[HEADERS.contentType];
  return rest as H;
}
