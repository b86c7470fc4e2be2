import { Type } from 'avsc';
import { DeadLetterError, type InputRecord } from '@kstream/kafka';
import { AVRO_SCHEMA_ID_HEADER, AvroInputDeserializer } from './avro-input';
import { frame } from './confluent-frame';
import type { SchemaRegistryClient } from './registry-client';
import { RegistryUnavailableError, SchemaNotFoundError } from './registry-errors';

/**
 * A reader schema of the shape the numbers contract derives (this library depends on no contract:
 * `nx affected` must not tie every processor to one topic's contract through it).
 */
const NUMBER_AVRO_SCHEMA = {
  type: 'record',
  name: 'NumberEnvelope',
  namespace: 'kstream.numbers',
  fields: [
    { name: 'value', type: 'double' },
    { name: 'series', type: ['null', 'string'], default: null },
    { name: 'id', type: ['null', 'string'], default: null },
  ],
};

/**
 * The deserializer's own logic, with the registry's answers given by hand; the path through a real
 * registry and broker is in apps/rolling-mean's Avro integration test.
 */
const READING = { type: 'record', name: 'Reading', fields: [{ name: 'value', type: 'double' }, { name: 'series', type: 'string' }] };
const WITH_EXTRA = { type: 'record', name: 'Reading', fields: [{ name: 'value', type: 'int' }, { name: 'unit', type: 'string' }] };
const STRING_VALUE = { type: 'record', name: 'Reading', fields: [{ name: 'value', type: 'string' }] };

function registryOf(schemas: Record<number, object | Error>, calls: number[] = []): SchemaRegistryClient {
  return {
    schemaById: async (id: number) => {
      calls.push(id);
      const schema = schemas[id];
      if (schema === undefined) throw new SchemaNotFoundError(`Schema ${id} not found.`);
      if (schema instanceof Error) throw schema;
      return JSON.stringify(schema);
    },
  } as unknown as SchemaRegistryClient;
}

const record = (value: Buffer | null, topic = 'numbers'): InputRecord => ({ topic, partition: 0, offset: '7', key: null, value, headers: { id: 'x' }, timestamp: '0' });
const encoded = (schema: object, value: object) => Type.forSchema(schema as never).toBuffer(value);
const deserializer = (registry?: SchemaRegistryClient, unavailableMs = 1000) =>
  new AvroInputDeserializer({ registry, readers: new Map([['numbers', NUMBER_AVRO_SCHEMA as never]]), unavailableMs, retryBackoffMs: 10 });

async function deadLetter(promise: InputRecord | Promise<InputRecord>): Promise<{ reason: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DeadLetterError) return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('expected a dead letter');
}

describe('AvroInputDeserializer', () => {
  it('passes text and JSON values through untouched, synchronously', () => {
    const d = deserializer(registryOf({}));
    for (const value of [Buffer.from('4.5'), Buffer.from('{"value":1}'), null, Buffer.alloc(0)]) {
      const input = record(value);
      expect(d.deserialize(input)).toBe(input);
    }
  });

  it('leaves topics without an Avro reader alone, framed or not', () => {
    const input = record(frame(1, Buffer.from([2])), 'rolling-means');
    expect(deserializer(registryOf({})).deserialize(input)).toBe(input);
  });

  it("turns a framed record of a compatible writer's schema into the contract's JSON envelope", async () => {
    const d = deserializer(registryOf({ 3: READING }));
    const out = await d.deserialize(record(frame(3, encoded(READING, { value: 2.5, series: 'temp' }))));
    expect(JSON.parse(String(out.value))).toEqual({ value: 2.5, series: 'temp' });
    expect(out.headers).toEqual({ id: 'x', 'content-type': 'application/json', [AVRO_SCHEMA_ID_HEADER]: '3' });
    expect(out.offset).toBe('7');
  });

  it("resolves by Avro's rules: an int widens to double, a field the contract lacks is dropped, a missing optional one is left out", async () => {
    const out = await deserializer(registryOf({ 4: WITH_EXTRA })).deserialize(record(frame(4, encoded(WITH_EXTRA, { value: 3, unit: 'C' }))));
    expect(JSON.parse(String(out.value))).toEqual({ value: 3 });
  });

  it("decodes with a writer's schema whose defaults Avro's rules refuse, as the course's Customer has", async () => {
    const lenient = { ...READING, fields: [...READING.fields, { name: 'id', type: ['null', 'string'], default: 'null' }] };
    const strict = { ...READING, fields: [...READING.fields, { name: 'id', type: ['null', 'string'], default: null }] };
    const out = await deserializer(registryOf({ 8: lenient })).deserialize(record(frame(8, encoded(strict, { value: 1, series: 's', id: 'n-1' }))));
    expect(JSON.parse(String(out.value))).toEqual({ value: 1, series: 's', id: 'n-1' });
  });

  it('asks the registry once per schema id', async () => {
    const calls: number[] = [];
    const d = deserializer(registryOf({ 3: READING }, calls));
    for (let i = 0; i < 5; i++) await d.deserialize(record(frame(3, encoded(READING, { value: i, series: 's' }))));
    expect(calls).toEqual([3]);
  });

  it('dead-letters, naming the cause: bad frame, no registry, unknown id, incompatible schema, bytes not of the schema', async () => {
    const registry = registryOf({ 3: READING, 5: STRING_VALUE, 6: { type: 'nonsense' } });
    expect(await deadLetter(deserializer(registry).deserialize(record(Buffer.from([0, 0, 1]))))).toMatchObject({ reason: 'avro-undecodable', message: expect.stringContaining('at least 5 bytes') });
    expect(await deadLetter(deserializer(undefined).deserialize(record(frame(3, Buffer.from([1])))))).toMatchObject({ reason: 'avro-undecodable', message: expect.stringContaining('SCHEMA_REGISTRY_URL') });
    expect(await deadLetter(deserializer(registry).deserialize(record(frame(9, Buffer.from([1])))))).toMatchObject({ reason: 'avro-schema-unknown', message: expect.stringContaining('no schema 9') });
    expect(await deadLetter(deserializer(registry).deserialize(record(frame(5, encoded(STRING_VALUE, { value: 'x' })))))).toMatchObject({ reason: 'avro-schema-incompatible' });
    expect(await deadLetter(deserializer(registry).deserialize(record(frame(6, Buffer.from([1])))))).toMatchObject({ reason: 'avro-schema-incompatible', message: expect.stringContaining('not an Avro schema') });
    expect(await deadLetter(deserializer(registry).deserialize(record(frame(3, Buffer.from([1, 2, 3])))))).toMatchObject({ reason: 'avro-undecodable', message: expect.stringContaining('not a record of schema 3') });
  });

  it('retries an unreachable registry, then dead-letters after the configured wait; a later record asks again', async () => {
    const calls: number[] = [];
    const down = registryOf({ 3: new RegistryUnavailableError('connect ECONNREFUSED') }, calls);
    const started = Date.now();
    expect(await deadLetter(deserializer(down, 200).deserialize(record(frame(3, Buffer.from([1])))))).toMatchObject({ reason: 'schema-registry-unavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(calls.length).toBeGreaterThan(2);
  });

  it('refuses at construction a reader schema that is not Avro', () => {
    expect(() => new AvroInputDeserializer({ readers: new Map([['numbers', { type: 'nonsense' } as never]]) })).toThrow();
  });
});
