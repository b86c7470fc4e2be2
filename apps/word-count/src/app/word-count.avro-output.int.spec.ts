import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { consumeAvroWithJavaClient, produceWithJavaClient, testRegistryUrl } from '@kstream/contracts-core/testing';
import { startStreamApp } from '@kstream/feature-stream/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained } from '@kstream/kafka/testing';
import { AppModule } from './app.module';

/**
 * OUTPUT_FORMAT=avro on a real broker and a real registry: keyless lines from Kafka's Java client
 * come out as Avro counts, alerts and totals, each framed with the id of its topic's subject, and
 * Apache Avro's Java library reads them with the registry's schemas.
 */
describe('word-count writes counts, alerts and totals as Avro through a real schema registry', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  const groupId = `word-count-avro-out-${uniqueSuffix()}`;
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');
  const latestId = (topic: string) => fetch(`${testRegistryUrl()}/subjects/${topic}-value/versions/latest`).then(async (r) => ((await r.json()) as { id: number }).id);
  const readAvro = (topic: string, maxRecords: number, timeoutMs?: number) => consumeAvroWithJavaClient({ bootstrap: brokers(), ccompatUrl: testRegistryUrl(), topic, maxRecords, timeoutMs });

  beforeAll(async () => {
    kafka = testKafka('word-count-avro-out-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    app = await startStreamApp(AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, threshold: 6, registry: { url: testRegistryUrl(), unavailableMs: 5000, outputFormat: 'avro' } } }));
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
  });

  it('frames each output topic with its own subject and keeps one total per word', async () => {
    const lines = ['the quick brown fox', 'one two three four five six seven', 'the end'];
    await produceWithJavaClient(brokers(), topics.textLines, lines.map((value) => ({ key: null, value })));
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 60_000);

    const counts = await readAvro(topics.wordCounts, 3);
    expect(counts.map((r) => r.schemaId)).toEqual(Array(3).fill(await latestId(topics.wordCounts)));
    expect(counts.map((r) => [r.value['text'], r.value['words'], r.value['alert']]).sort()).toEqual([
      ['one two three four five six seven', 7, true],
      ['the end', 2, false],
      ['the quick brown fox', 4, false],
    ]);
    const alerts = await readAvro(topics.wordAlerts, 1);
    expect(alerts.map((r) => [r.schemaId, r.value['text']])).toEqual([[await latestId(topics.wordAlerts), lines[1]]]);

    // Totals are written once per word per transaction: read what there is, then the last per word.
    const totals = await readAvro(topics.wordTotals, 1000, 5000);
    const last = new Map(totals.map((r) => [r.value['word'], r.value['count']]));
    expect(last.get('the')).toBe(2);
    expect(last.size).toBe(12);
    expect(new Set(totals.map((r) => r.schemaId))).toEqual(new Set([await latestId(topics.wordTotals)]));
    expect(await readAll(kafka, topics.textLinesDlq)).toEqual([]);
  });
});
