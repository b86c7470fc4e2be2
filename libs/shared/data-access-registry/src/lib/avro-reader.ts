import type { Type } from 'avsc';
import { looksFramed, unframe } from './confluent-frame';
import type { SchemaRegistryClient } from './registry-client';
import { writerType } from './writer-schema';

export type ReadValue = { readonly kind: 'plain'; readonly value: Buffer } | { readonly kind: 'avro'; readonly schemaId: number; readonly value: unknown } | { readonly kind: 'unreadable'; readonly schemaId?: number; readonly problem: string };

/**
 * Reads any framed Avro value with its writer's schema (by id from the registry, cached), for
 * tools that show records as written (`npm run watch`). A processor checks values against its
 * contract instead (`AvroInputDeserializer`).
 */
export class AvroValueReader {
  private readonly types = new Map<number, Promise<Type>>();

  constructor(private readonly registry?: SchemaRegistryClient) {}

  async read(value: Buffer): Promise<ReadValue> {
    if (!looksFramed(value)) return { kind: 'plain', value };
    const frame = unframe(value);
    if (!frame.ok) return { kind: 'unreadable', problem: frame.problem };
    const { schemaId, payload } = frame;
    if (!this.registry) return { kind: 'unreadable', schemaId, problem: `Avro with schema id ${schemaId}: give a schema registry to decode it` };
    try {
      return { kind: 'avro', schemaId, value: (await this.typeOf(this.registry, schemaId)).fromBuffer(payload) };
    } catch (error) {
      return { kind: 'unreadable', schemaId, problem: (error as Error).message };
    }
  }

  private typeOf(registry: SchemaRegistryClient, id: number): Promise<Type> {
    let pending = this.types.get(id);
    if (!pending) {
      pending = registry.schemaById(id).then(writerType);
      pending.catch(() => this.types.delete(id));
      this.types.set(id, pending);
    }
    return pending;
  }
}
