import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { consoleProduce } from '@kstream/contracts-core/testing';
import { homePartition } from '@kstream/kafka';
import { freePort, provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, waitFor } from '@kstream/kafka/testing';
import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

/**
 * Word totals per word, whatever partition the lines landed on: lines typed into Kafka's console
 * producer with no key and spread over every partition, each word's total in exactly one
 * word-totals partition (the Java client's murmur2 of the word), and GET /words/:word.
 */
describe('word-count keeps one total per word on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  let url: string;
  const groupId = `word-count-keyed-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('word-count-keyed-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, advertisedUrl: url } })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await startStream(app);
    await app.listen(port, '127.0.0.1');
    await waitFor(async () => (await fetch(`${url}/health`)).status === 200, { timeoutMs: 60_000, description: '/health 200' });
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
  });

  it('counts a word written from every partition once, in its own partition, where its latest record is its whole total', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'Kafka streams' : 'kafka, the log'));
    await consoleProduce(testKafkaEnv().KAFKA_BROKERS.join(','), topics.textLines, lines, {
      paceMs: 20,
      properties: { 'partitioner.class': 'org.apache.kafka.clients.producer.RoundRobinPartitioner' },
    });
    expect(new Set((await readAll(kafka, topics.textLines)).map((r) => r.partition)).size).toBe(3);
    await waitDrained(kafka, admin, groupId, [topics.textLines, topics.wordCountRepartition], 60_000);

    const totals = await readAll(kafka, topics.wordTotals);
    for (const word of ['kafka', 'streams', 'the', 'log']) {
      const records = totals.filter((r) => r.key === word);
      expect({ word, partitions: [...new Set(records.map((r) => r.partition))] }).toEqual({ word, partitions: [homePartition(word, 3)] });
    }
    const latest = (word: string) => JSON.parse(totals.filter((r) => r.key === word).at(-1)?.value ?? '{}');
    expect(latest('kafka')).toEqual({ word: 'kafka', count: 12 });
    expect(latest('streams')).toEqual({ word: 'streams', count: 6 });
    expect(latest('log')).toEqual({ word: 'log', count: 6 });

    const one = await fetch(`${url}/words/KAFKA`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ word: 'kafka', count: 12 });
    expect((await fetch(`${url}/words/never-${uniqueSuffix()}`)).status).toBe(404);
    const top = (await (await fetch(`${url}/words/top?limit=2`)).json()) as { words: unknown[] };
    expect(top.words).toEqual([
      { word: 'kafka', count: 12 },
      { word: 'log', count: 6 },
    ]);
  });
});
