import type { Kafka, Producer } from 'kafkajs';
import { ROLLING_MEAN_AVRO_SCHEMA, type RollingMeanRecord } from '@kstream/contract-rolling-means';
import { TOPICS } from '@kstream/contracts-core';
import { testRegistryUrl } from '@kstream/contracts-core/testing';
import { AvroValueWriter, SchemaRegistryClient } from '@kstream/data-access-registry';
import { createTestTopic, readAll, testKafka, uniqueSuffix } from '@kstream/kafka/testing';
import { startAdmin, type RunningAdmin } from '../../testing/admin-app';
import { AvroValues } from '../common/avro-values';
import { DashboardFeed } from '../dashboard/dashboard-feed.service';
import { DEFAULT_DASHBOARD_SETTINGS } from '../dashboard/dashboard.settings';

const MEAN: RollingMeanRecord = { series: 'default', value: 3, window: [1, 2, 3], count: 3, mean: 2, source: { topic: TOPICS.numbers, partition: 0, offset: '2' }, processedAt: '2026-12-05T07:00:00.000Z' };

/**
 * Means written as Avro (what rolling-mean writes with OUTPUT_FORMAT=avro), on a real broker and a
 * real registry: the admin's message browser and the dashboard show them as the JSON they stand for.
 */
describe('admin reads Avro values through a real schema registry', () => {
  const topic = `rolling-means-avro-${uniqueSuffix()}`;
  let admin: RunningAdmin;
  let kafka: Kafka;
  let producer: Producer;
  let schemaId: number;

  beforeAll(async () => {
    admin = await startAdmin({ SCHEMA_REGISTRY_URL: testRegistryUrl() });
    kafka = testKafka('admin-avro-test');
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    await createTestTopic(kafkaAdmin, topic, 1);
    await kafkaAdmin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    const writer = await AvroValueWriter.register(new SchemaRegistryClient({ url: testRegistryUrl() }), `${topic}-value`, ROLLING_MEAN_AVRO_SCHEMA);
    schemaId = writer.schemaId;
    await producer.send({ topic, messages: [{ key: 'default', value: writer.encode({ ...MEAN }) }, { key: 'default', value: JSON.stringify({ ...MEAN, value: 4 }) }] });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.app.close();
  });

  it('GET /topics/:topic/messages shows an Avro value as JSON, with its schema id, beside a JSON one', async () => {
    const { status, body } = await admin.call(`/topics/${topic}/messages?partition=0&offset=0&limit=10`);
    expect(status).toBe(200);
    expect(body.records.map((r: { valueEncoding: string }) => r.valueEncoding)).toEqual(['avro', 'json']);
    expect(body.records[0]).toMatchObject({ value: MEAN, valueSchemaId: schemaId });
    expect(body.records[1].valueSchemaId).toBeUndefined();
  });

  it('the dashboard folds Avro means like JSON ones, and without a registry skips them', async () => {
    const messages = (await readAll(kafka, topic, [0])).map((r) => r.message);
    const settings = DEFAULT_DASHBOARD_SETTINGS;
    // What the feed's reader does with each batch before folding it.
    const withRegistry = new DashboardFeed({} as never, { ...TOPICS, rollingMeans: topic }, settings, {} as never);
    withRegistry.fold({ topic, partition: 0, messages: await new AvroValues(testRegistryUrl()).asJson(messages) });
    expect(withRegistry.state.update().points['default'].map((p) => p.value)).toEqual([3, 4]);

    const without = new DashboardFeed({} as never, { ...TOPICS, rollingMeans: topic }, settings, {} as never);
    without.fold({ topic, partition: 0, messages: await new AvroValues(undefined).asJson(messages) });
    expect(without.state.update().points['default'].map((p) => p.value)).toEqual([4]);
  });
});
