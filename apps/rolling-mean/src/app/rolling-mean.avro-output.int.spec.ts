import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { consumeAvroWithJavaClient, produceWithJavaClient, testRegistryUrl } from '@kstream/contracts-core/testing';
import { startStreamApp } from '@kstream/feature-stream/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained } from '@kstream/kafka/testing';
import { AppModule } from './app.module';

/**
 * OUTPUT_FORMAT=avro on a real broker and a real registry: the course's keyless numbers, typed by
 * Kafka's Java client, come out of rolling-mean as Confluent-framed Avro that Apache Avro's Java
 * library decodes with the schema the registry gives for the frame's id.
 */
describe('rolling-mean writes its means as Avro through a real schema registry', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  const groupId = `rolling-mean-avro-out-${uniqueSuffix()}`;
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');
  const registry = (path: string) => fetch(`${testRegistryUrl()}${path}`).then((r) => r.json() as Promise<Record<string, unknown>>);

  beforeAll(async () => {
    kafka = testKafka('rolling-mean-avro-out-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    app = await startStreamApp(AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, windowSize: 3, registry: { url: testRegistryUrl(), unavailableMs: 5000, outputFormat: 'avro' } } }));
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
  });

  it('registers rolling-means-value (BACKWARD) at start and frames every mean with its id', async () => {
    const subject = `${topics.rollingMeans}-value`;
    const latest = await registry(`/subjects/${subject}/versions/latest`);
    expect(latest['subject']).toBe(subject);
    expect((await registry(`/config/${subject}`))['compatibilityLevel']).toBe('BACKWARD');

    // As the course sends them: no key, one at a time.
    for (const value of ['1', '2', '3', '4']) await produceWithJavaClient(brokers(), topics.numbers, [{ key: null, value }]);
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);

    const read = await consumeAvroWithJavaClient({ bootstrap: brokers(), ccompatUrl: testRegistryUrl(), topic: topics.rollingMeans, maxRecords: 4 });
    expect(read.map((r) => r.schemaId)).toEqual([latest['id'], latest['id'], latest['id'], latest['id']]);
    expect(read.map((r) => [r.value['series'], r.value['window'], r.value['mean']])).toEqual([
      ['default', [1], null],
      ['default', [1, 2], null],
      ['default', [1, 2, 3], 2],
      ['default', [2, 3, 4], 3],
    ]);
    // The changelog and the internal hop stay JSON: only the topic a consumer outside reads changes form.
    const state = await readAll(kafka, topics.rollingMeanState);
    expect(state.length).toBeGreaterThan(0);
    expect(() => JSON.parse(state[state.length - 1].value ?? '')).not.toThrow();
    expect(await readAll(kafka, topics.numbersDlq)).toEqual([]);
  });
});
