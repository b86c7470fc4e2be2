import { AvroOutputSerializer, avroOutput } from './avro-output';
import { SchemaRegistryClient } from './registry-client';

const READING = { type: 'record', name: 'Reading', fields: [{ name: 'series', type: 'string' }, { name: 'mean', type: ['null', 'double'], default: null }] };

/** What the serializer decides without a registry: which records it leaves alone, and what it refuses to do. */
describe('AvroOutputSerializer before any registry call', () => {
  const serializer = () => new AvroOutputSerializer({ registry: new SchemaRegistryClient({ url: 'http://127.0.0.1:9/unused' }), writers: new Map([['means', READING]]) });

  it('leaves a topic it has no schema for as it is (dead letters, changelogs, internal topics)', () => {
    const output = { topic: 'means-state', message: { key: 'a', value: '{"window":[1]}', headers: { 'content-type': 'application/json' } } };
    expect(serializer().serialize(output)).toBe(output);
  });

  it('refuses to write an Avro topic before start() registered its schema, rather than write JSON there', () => {
    expect(() => serializer().serialize({ topic: 'means', message: { value: '{"series":"a"}' } })).toThrow(/before start\(\) registered its schema/);
  });

  it('refuses a schema avsc cannot read when it is built, not at the first record', () => {
    expect(() => new AvroOutputSerializer({ registry: new SchemaRegistryClient({ url: 'http://127.0.0.1:9' }), writers: new Map([['means', { type: 'record', fields: 'none' }]]) })).toThrow();
  });
});

describe('avroOutput', () => {
  it('is nothing for JSON outputs, the default', () => {
    expect(avroOutput(undefined, { means: READING })).toBeUndefined();
    expect(avroOutput({ url: 'http://127.0.0.1:9', outputFormat: 'json' }, { means: READING })).toBeUndefined();
  });

  it('needs a registry for Avro outputs', () => {
    expect(() => avroOutput({ outputFormat: 'avro' }, { means: READING })).toThrow('OUTPUT_FORMAT=avro needs SCHEMA_REGISTRY_URL');
    expect(avroOutput({ url: 'http://127.0.0.1:9', outputFormat: 'avro' }, { means: READING })).toBeInstanceOf(AvroOutputSerializer);
  });
});
