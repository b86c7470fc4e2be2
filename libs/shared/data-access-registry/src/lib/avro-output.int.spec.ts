import { testRegistryUrl } from '@kstream/contracts-core/testing';
import { uniqueSuffix } from '@kstream/kafka/testing';
import { AvroOutputSerializer } from './avro-output';
import { unframe } from './confluent-frame';
import { SchemaRegistryClient } from './registry-client';

/** A stand-in output contract (this library imports no topic contract). */
const MEAN = { type: 'record', name: 'Mean', namespace: 'test', fields: [{ name: 'series', type: 'string' }, { name: 'mean', type: ['null', 'double'], default: null }] };

/** The output serializer against the integration run's real schema registry (Apicurio, Confluent-compatible API). */
describe('AvroOutputSerializer on a real schema registry', () => {
  const registry = () => new SchemaRegistryClient({ url: testRegistryUrl() });
  const config = (subject: string) => fetch(`${testRegistryUrl()}/config/${subject}`).then(async (r) => ((await r.json()) as { compatibilityLevel?: string }).compatibilityLevel);

  it('registers a new subject BACKWARD and frames values with its id, without the JSON content type', async () => {
    const topic = `means-${uniqueSuffix()}`;
    const serializer = new AvroOutputSerializer({ registry: registry(), writers: new Map([[topic, MEAN]]) });
    await serializer.start();
    expect(await config(`${topic}-value`)).toBe('BACKWARD');
    const out = serializer.serialize({ topic, message: { key: 'a', value: JSON.stringify({ series: 'a', mean: 2.5 }), headers: { 'content-type': 'application/json', id: 'x' } } });
    const frame = unframe(out.message.value as Buffer);
    expect(frame.ok && frame.schemaId).toBe(serializer.schemaIds[topic]);
    expect(out.message.headers).toEqual({ id: 'x' });
    expect(out.message.key).toBe('a');
  });

  it("encodes the task's own object (body) to the same bytes as its JSON, without parsing the JSON back", async () => {
    const topic = `means-${uniqueSuffix()}`;
    const serializer = new AvroOutputSerializer({ registry: registry(), writers: new Map([[topic, MEAN]]) });
    await serializer.start();
    const mean = { series: 'a', mean: 2.5 };
    const fromJson = serializer.serialize({ topic, message: { key: 'a', value: JSON.stringify(mean) } });
    // A value that is not the body's JSON: the bytes show which one was encoded.
    const fromBody = serializer.serialize({ topic, message: { key: 'a', value: 'not parsed' }, body: mean });
    expect(fromBody.message.value).toEqual(fromJson.message.value);
  });

  it("keeps an operator's rule on a subject that exists, and refuses to start when that subject's history refuses the contract", async () => {
    const topic = `means-${uniqueSuffix()}`;
    const client = registry();
    // An earlier version without `mean`, under a rule the operator chose: FORWARD (old readers read new records) holds for the contract's form.
    await client.register(`${topic}-value`, JSON.stringify({ ...MEAN, fields: [{ name: 'series', type: 'string' }] }));
    await client.setCompatibility(`${topic}-value`, 'FORWARD');
    await new AvroOutputSerializer({ registry: client, writers: new Map([[topic, MEAN]]) }).start();
    expect(await config(`${topic}-value`)).toBe('FORWARD');

    // An earlier version whose `series` is a long: the contract's string cannot read it, and BACKWARD says so.
    const other = `means-${uniqueSuffix()}`;
    await client.setCompatibility(`${other}-value`, 'BACKWARD');
    await client.register(`${other}-value`, JSON.stringify({ ...MEAN, fields: [{ name: 'series', type: 'long' }] }));
    await expect(new AvroOutputSerializer({ registry: client, writers: new Map([[other, MEAN]]) }).start()).rejects.toThrow(
      new RegExp(`the schema registry refused the Avro form of ${other}'s contract under ${other}-value`),
    );
  });

  it('gives up starting when the registry stays unreachable past its patience', async () => {
    const serializer = new AvroOutputSerializer({ registry: new SchemaRegistryClient({ url: 'http://127.0.0.1:9/apis/ccompat/v7', timeoutMs: 500 }), writers: new Map([['t', MEAN]]), unavailableMs: 800, retryBackoffMs: 100 });
    await expect(serializer.start()).rejects.toThrow(/schema registry unreachable/);
  });
});
