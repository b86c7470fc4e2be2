import type { Deserializer } from '@nestjs/microservices';
import { Type, type Schema } from 'avsc';
import { DeadLetterError, type InputRecord } from '@kstream/kafka';
import { JSON_CONTENT_TYPE, HEADERS } from '@kstream/contracts-core';
import { looksFramed, unframe } from './confluent-frame';
import { SchemaRegistryClient } from './registry-client';
import { RegistryUnavailableError, SchemaNotFoundError } from './registry-errors';
import { whileUnavailable } from './registry-retry';
import { writerType } from './writer-schema';

/** The header a record turned from Avro into JSON carries: the id of the schema it was written with. */
export const AVRO_SCHEMA_ID_HEADER = 'avro-schema-id';

export interface AvroInputOptions {
  /** Undefined when the service has no registry: a framed record then dead-letters, saying so. */
  readonly registry?: SchemaRegistryClient;
  /** Deployed input topic → the Avro form of its contract (the reader's schema). Other topics pass untouched. */
  readonly readers: ReadonlyMap<string, Schema>;
  /** How long the registry may stay unreachable for one record before it dead-letters. Default 30 s. */
  readonly unavailableMs?: number;
  /** First wait between registry attempts, doubled up to 5 s. Default 250 ms. */
  readonly retryBackoffMs?: number;
}

/**
 * Turns a Confluent-framed Avro value on an input topic into the topic's JSON envelope, which the
 * topic's decoder then checks like any JSON record: Avro is one more wire form of the contract.
 * The writer's schema comes from the registry by the frame's id (cached) and must resolve to the
 * contract's Avro form by Avro's own rules (fields matched by name, a missing optional field takes
 * its default, int widens to long and double). A value that is not framed passes through untouched
 * and synchronously, so JSON and text cost nothing more.
 *
 * Dead letters (the original bytes are kept, as for every dead letter): `avro-undecodable` (bad
 * framing, bytes that are not the writer schema's, or no registry configured),
 * `avro-schema-unknown` (no such id), `avro-schema-incompatible` (the writer's schema does not
 * resolve to the contract's), `schema-registry-unavailable` (unreachable for `unavailableMs`).
 */
export class AvroInputDeserializer implements Deserializer<InputRecord, InputRecord> {
  private readonly unavailableMs: number;
  private readonly retryBackoffMs: number;
  /** `topic/id` → the resolver from that writer schema to the topic's reader, with the reader type. */
  private readonly resolved = new Map<string, Promise<{ reader: Type; resolver: ReturnType<Type['createResolver']> }>>();

  constructor(private readonly options: AvroInputOptions) {
    this.unavailableMs = options.unavailableMs ?? 30_000;
    this.retryBackoffMs = options.retryBackoffMs ?? 250;
    // A reader schema that avsc refuses is a defect of the deployment: fail at start, not at the first Avro record.
    for (const schema of options.readers.values()) Type.forSchema(schema);
  }

  deserialize(record: InputRecord): InputRecord | Promise<InputRecord> {
    if (!looksFramed(record.value)) return record;
    const reader = this.options.readers.get(record.topic);
    return reader ? this.toJson(record, record.value, reader) : record;
  }

  private async toJson(record: InputRecord, value: Buffer, readerSchema: Schema): Promise<InputRecord> {
    const frame = unframe(value);
    if (!frame.ok) throw new DeadLetterError('avro-undecodable', `value: ${frame.problem}`);
    const { schemaId, payload } = frame;
    if (!this.options.registry) {
      throw new DeadLetterError('avro-undecodable', `value: Confluent-framed Avro (magic byte 0, schema id ${schemaId}), but this service has no schema registry: set SCHEMA_REGISTRY_URL`);
    }
    const key = `${record.topic}/${schemaId}`;
    let pending = this.resolved.get(key);
    if (!pending) {
      pending = this.resolve(this.options.registry, schemaId, readerSchema);
      // Only a resolution that worked is kept: a registry that was down, or a schema registered since, gets another try.
      pending.catch(() => this.resolved.delete(key));
      this.resolved.set(key, pending);
    }
    const { reader, resolver } = await pending;
    let decoded: Record<string, unknown>;
    try {
      decoded = reader.fromBuffer(payload, resolver) as Record<string, unknown>;
    } catch (error) {
      throw new DeadLetterError('avro-undecodable', `value: the bytes after the frame are not a record of schema ${schemaId}: ${(error as Error).message}`);
    }
    return {
      ...record,
      value: Buffer.from(JSON.stringify(withoutNulls(decoded))),
      headers: { ...record.headers, [HEADERS.contentType]: JSON_CONTENT_TYPE, [AVRO_SCHEMA_ID_HEADER]: String(schemaId) },
    };
  }

  private async resolve(registry: SchemaRegistryClient, schemaId: number, readerSchema: Schema) {
    const text = await this.writerSchema(registry, schemaId);
    let writer: Type;
    try {
      writer = writerType(text);
    } catch (error) {
      throw new DeadLetterError('avro-schema-incompatible', `value: schema ${schemaId} is not an Avro schema: ${(error as Error).message}`);
    }
    // Records resolve by name in Avro; a producer's record may be named anything (`Customer`,
    // `Reading`), so the contract's record takes the writer's name. Fields still must match.
    // The writer's full name replaces the reader's name and namespace (an alias would be read in the reader's namespace).
    const renamed = writer.name && typeof readerSchema === 'object' && !Array.isArray(readerSchema) ? { ...readerSchema, namespace: undefined, name: writer.name } : readerSchema;
    const reader = Type.forSchema(renamed as Schema);
    try {
      return { reader, resolver: reader.createResolver(writer) };
    } catch (error) {
      throw new DeadLetterError('avro-schema-incompatible', `value: schema ${schemaId} does not resolve to the topic's contract (${String((readerSchema as { name?: unknown }).name)}): ${(error as Error).message}`);
    }
  }

  /** The writer's schema, retried while the registry is unreachable, for `unavailableMs` at most. */
  private async writerSchema(registry: SchemaRegistryClient, schemaId: number): Promise<string> {
    const started = Date.now();
    try {
      return await whileUnavailable(() => registry.schemaById(schemaId), this.unavailableMs, this.retryBackoffMs);
    } catch (error) {
      if (error instanceof SchemaNotFoundError) throw new DeadLetterError('avro-schema-unknown', `value: the schema registry has no schema ${schemaId}`);
      if (error instanceof RegistryUnavailableError) {
        throw new DeadLetterError('schema-registry-unavailable', `value: schema ${schemaId} could not be fetched for ${Math.round((Date.now() - started) / 1000)} s: ${error.message}`);
      }
      throw new DeadLetterError('avro-schema-unknown', `value: the schema registry refused to give schema ${schemaId}: ${(error as Error).message}`);
    }
  }
}

/** An optional field Avro wrote as null is left out of the JSON, as a JSON producer would leave it out. */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) if (field !== null) out[name] = field;
  return out;
}

/** What a processor configures: the registry's URL (none: Avro input dead-letters) and its patience. */
export interface AvroInputSettings {
  readonly url?: string;
  readonly unavailableMs?: number;
}

/** The deserializer of a processor's input topics, each with the Avro form of its contract (a schema as JSON, checked by avsc at the first Avro record). */
export function avroInput(settings: AvroInputSettings | undefined, readers: Readonly<Record<string, object>>): AvroInputDeserializer {
  return new AvroInputDeserializer({
    registry: settings?.url ? new SchemaRegistryClient({ url: settings.url }) : undefined,
    readers: new Map(Object.entries(readers).map(([topic, schema]) => [topic, schema as Schema])),
    unavailableMs: settings?.unavailableMs,
  });
}
