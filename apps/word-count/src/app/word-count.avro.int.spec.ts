import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import type { WordCountRecord } from '@kstream/contract-word-counts';
import type { TopicNames } from '@kstream/contracts-core';
import { produceAvroWithJavaClient, testRegistryUrl } from '@kstream/contracts-core/testing';
import { startStreamApp } from '@kstream/feature-stream/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained } from '@kstream/kafka/testing';
import { AppModule } from './app.module';

/** A producer's own schema for lines: the contract's `text`, under another record name. */
const LINE = { type: 'record', name: 'Line', namespace: 'org.example', fields: [{ name: 'text', type: 'string' }] };

/** Avro lines from a Java client, through a real schema registry, counted like text ones. */
describe('word-count reads Avro lines through a real schema registry', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  const dir = mkdtempSync(join(tmpdir(), 'avro-lines-'));
  const groupId = `word-count-avro-${uniqueSuffix()}`;
  const registry = testRegistryUrl;

  beforeAll(async () => {
    kafka = testKafka('word-count-avro-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    app = await startStreamApp(AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, threshold: 6, registry: { url: registry(), unavailableMs: 5000 } } }));
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the words of each Avro line and raises the alert past 6', async () => {
    const schemaFile = join(dir, 'line.avsc');
    writeFileSync(schemaFile, JSON.stringify(LINE));
    const tag = uniqueSuffix();
    const lines = [`avro ${tag} one two`, `avro ${tag} one two three four five six`];
    const sent = await produceAvroWithJavaClient({ bootstrap: testKafkaEnv().KAFKA_BROKERS.join(','), ccompatUrl: registry(), topic: topics.textLines, schemaFile, records: lines.map((text) => ({ text })) });
    expect(sent.every((d) => d.schemaId === sent[0].schemaId)).toBe(true);
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 60_000);
    const counts = (await readAll(kafka, topics.wordCounts)).map((r) => JSON.parse(r.value ?? '') as WordCountRecord).filter((r) => r.text.includes(tag));
    expect(counts.sort((a, b) => a.words - b.words).map((r) => [r.text, r.words, r.alert])).toEqual([
      [lines[0], 4, false],
      [lines[1], 8, true],
    ]);
    expect(await readAll(kafka, topics.textLinesDlq)).toEqual([]);
  });
});
