import * as fs from 'node:fs';
import type { Kafka } from 'kafkajs';
import { Type } from 'avsc';
import { createTestTopic, readAll, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';
import { runAvroProducer } from './avro-producer';
import { EphemeralRegistryHandle, startEphemeralRegistry } from './ephemeral';
import { customerSchemaFile } from './paths';
import { isRegistryReady } from './registry';

/**
 * The real Apicurio Registry (no mock), on a free port, and the Java Avro producer against it and
 * the integration run's shared broker (jest global setup). One registry for the file: its storage
 * is in memory, so every run starts empty.
 */

const customer = fs.readFileSync(customerSchemaFile, 'utf8');
/** Not readable by a Customer reader: old records have no phone. */
const breaking = JSON.stringify({ ...JSON.parse(customer), fields: [...JSON.parse(customer).fields, { name: 'phone', type: 'string' }] });
/** Readable: a missing phone defaults to null. */
const compatible = JSON.stringify({
  ...JSON.parse(customer),
  fields: [...JSON.parse(customer).fields, { name: 'phone', type: ['null', 'string'], default: null }],
});

let registry: EphemeralRegistryHandle;

/** One call to the Confluent-compatible API: status and JSON body. */
async function ccompat(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${registry.ccompatUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  registry = await startEphemeralRegistry();
}, 300_000); // a first run also fetches the registry (~110 MB)

afterAll(async () => {
  await registry?.stop();
}, 30_000);

describe('the schema registry (Confluent-compatible API)', () => {
  it('registers a schema, serves it by id, and enforces BACKWARD compatibility once set', async () => {
    const first = await ccompat('POST', '/subjects/Customer-value/versions', { schema: customer });
    expect(first.status).toBe(200);
    const id = first.json.id as number;
    expect(Number.isInteger(id)).toBe(true);

    const byId = await ccompat('GET', `/schemas/ids/${id}`);
    expect(byId.status).toBe(200);
    expect(byId.json.schemaType).toBe('AVRO');
    expect(JSON.parse(byId.json.schema as string)).toEqual(JSON.parse(customer));

    // The registry's global default is NONE: compatibility is set per subject.
    // (Apicurio answers the PUT with `compatibilityLevel`, Confluent with `compatibility`: read it back instead.)
    expect((await ccompat('PUT', '/config/Customer-value', { compatibility: 'BACKWARD' })).status).toBe(200);
    expect(await ccompat('GET', '/config/Customer-value')).toMatchObject({ status: 200, json: { compatibilityLevel: 'BACKWARD' } });

    const refused = await ccompat('POST', '/subjects/Customer-value/versions', { schema: breaking });
    expect(refused.status).toBe(409);
    expect(refused.json.error_code).toBe(409);

    const accepted = await ccompat('POST', '/subjects/Customer-value/versions', { schema: compatible });
    expect(accepted.status).toBe(200);
    expect(accepted.json.id).not.toBe(id);
    const latest = await ccompat('GET', '/subjects/Customer-value/versions/latest');
    expect(latest.json).toMatchObject({ id: accepted.json.id, version: 2 });
  }, 30_000);
});

describe('the Java Avro producer', () => {
  let kafka: Kafka;

  beforeAll(() => {
    kafka = testKafka('registry-test');
  });

  it('frames each record as magic byte 0, the registry id and Avro binary that decodes to what was sent', async () => {
    const topic = `customers-${uniqueSuffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await createTestTopic(admin, topic, 3);
    } finally {
      await admin.disconnect();
    }

    // Avro's JSON encoding (the producer's input) wraps a non-null union value in its branch name.
    const sent = [
      { id: 1, name: 'Ann', email: { string: 'ann@example.com' } },
      { id: 2, name: 'Bob', email: null },
      { id: 3, name: 'Zoë', email: { string: 'zoë@example.com' } },
    ];
    const deliveries = await runAvroProducer({
      bootstrap: testKafkaEnv().KAFKA_BROKERS.join(','),
      ccompatUrl: registry.ccompatUrl,
      topic,
      schemaFile: customerSchemaFile,
      records: sent,
      keyField: 'id',
      timeoutMs: 90_000,
    });
    expect(deliveries).toHaveLength(3);

    const latest = await ccompat('GET', `/subjects/${topic}-value/versions/latest`);
    expect(latest.status).toBe(200);
    const id = latest.json.id as number;
    expect(deliveries.map((d) => d.schemaId)).toEqual([id, id, id]);
    // Decode with the schema the id names, as any Confluent-format consumer would.
    const type = Type.forSchema(JSON.parse((await ccompat('GET', `/schemas/ids/${id}`)).json.schema as string));

    const consumed = await readAll(kafka, topic);
    expect(consumed).toHaveLength(3);
    sent.forEach((record, i) => {
      const found = consumed.find((c) => c.partition === deliveries[i].partition && c.offset === deliveries[i].offset);
      const value = found?.message.value;
      if (!value) throw new Error(`record ${i} not found at ${deliveries[i].partition}@${deliveries[i].offset}`);
      expect({ i, magic: value[0], id: value.readInt32BE(1), key: found.key }).toEqual({ i, magic: 0, id, key: String(record.id) });
      // avsc reads a ["null", X] union as the bare value.
      expect({ i, decoded: type.fromBuffer(value.subarray(5)) }).toEqual({
        i,
        decoded: { id: record.id, name: record.name, email: record.email?.string ?? null },
      });
    });
  }, 150_000);
});

describe('stopping', () => {
  it('ends the JVM and removes the temp dir', async () => {
    await registry.stop();
    expect(registry.isRunning()).toBe(false);
    expect(await isRegistryReady(registry.url, 1_000)).toBe(false);
    expect(fs.existsSync(registry.tmpDir)).toBe(false);
  }, 30_000);
});
