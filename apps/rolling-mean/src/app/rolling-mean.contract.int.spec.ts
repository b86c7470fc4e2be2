import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka } from 'kafkajs';
import { NUMBERS_DLQ_CONTRACT } from '@kstream/contract-dlq';
import { NUMBER_FIXTURES } from '@kstream/contract-numbers/testing';
import { ROLLING_MEAN_STATE_CONTRACT } from '@kstream/contract-rolling-mean-state';
import { ROLLING_MEANS_CONTRACT, type RollingMeanRecord } from '@kstream/contract-rolling-means';
import { DLQ_HEADERS, type TopicKey, type TopicNames } from '@kstream/contracts-core';
import { contractChecker, produceWithJavaClient } from '@kstream/contracts-core/testing';
import { provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, type ConsumedRecord } from '@kstream/kafka/testing';

import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

/** Every record the app writes is checked against the contract of its topic. */
const checkRecord = contractChecker(ROLLING_MEANS_CONTRACT, ROLLING_MEAN_STATE_CONTRACT, NUMBERS_DLQ_CONTRACT);

/**
 * Consumer side of the numbers contract with a producer not written in JavaScript: every fixture
 * of the contracts library, raw and JSON, valid and invalid, is produced by Kafka's Java client
 * with its own key and must end as a rolling-means record of the fixture's series and value, or a
 * numbers.dlq record with the fixture's reason. Provider side: every record rolling-mean writes is
 * checked against the contract of its topic.
 */
describe('rolling-mean: numbers fixtures from the Java client, outputs checked against their contracts', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topics: TopicNames;
  let app: INestApplication;
  const groupId = `rolling-mean-${uniqueSuffix()}`;
  const fixtureHeader = `fixture-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('rolling-mean-contract-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, windowSize: 3 } })],
    }).compile();
    app = moduleRef.createNestApplication();
    await startStream(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await admin?.disconnect();
  });

  /** The whole topology has committed: the input, then the internal topic its records went through. */
  async function drained(): Promise<void> {
    await waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);
  }


  /** Reads a whole topic and checks every record against the contract of that topic. */
  async function readChecked(topic: TopicKey): Promise<ConsumedRecord[]> {
    const records = await readAll(kafka, topics[topic]);
    for (const r of records) {
      checkRecord(topic, { key: r.message.key, value: r.message.value, headers: r.message.headers }, { names: topics });
    }
    return records;
  }

  it('ends every fixture as one rolling-means record of the contract or one DLQ record with its reason', async () => {
    await produceWithJavaClient(
      testKafkaEnv().KAFKA_BROKERS.join(','),
      topics.numbers,
      NUMBER_FIXTURES.map((f, i) => ({ ...f.record, headers: { ...f.record.headers, [fixtureHeader]: String(i) } })),
    );
    await drained();

    const inputs = await readAll(kafka, topics.numbers);
    expect(inputs).toHaveLength(NUMBER_FIXTURES.length);
    const means = (await readChecked('rollingMeans')).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord);
    const state = await readChecked('rollingMeanState');
    const dlq = await readChecked('numbersDlq');

    NUMBER_FIXTURES.forEach((fixture, i) => {
      const input = inputs.find((r) => r.headers[fixtureHeader] === String(i));
      if (!input) throw new Error(`fixture "${fixture.name}" not found on ${topics.numbers}`);
      // The Java client sent the bytes as they are: the value read back is the fixture's.
      expect({ name: fixture.name, bytes: input.message.value?.equals(Buffer.from(fixture.record.value ?? '')) ?? fixture.record.value === null }).toEqual({ name: fixture.name, bytes: true });
      const out = means.filter((m) => m.source.partition === input.partition && m.source.offset === input.offset);
      const dead = dlq.filter((r) => r.headers[fixtureHeader] === String(i));
      if (fixture.expected.ok) {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 1, dlq: 0 });
        expect({ name: fixture.name, value: out[0].value, series: out[0].series }).toEqual({ name: fixture.name, value: fixture.expected.value, series: fixture.expected.series });
        const { series } = fixture.expected;
        expect(state.some((s) => s.key === series)).toBe(true);
      } else {
        expect({ name: fixture.name, out: out.length, dlq: dead.length }).toEqual({ name: fixture.name, out: 0, dlq: 1 });
        expect({ name: fixture.name, reason: dead[0].headers[DLQ_HEADERS.reason] }).toEqual({ name: fixture.name, reason: fixture.expected.reason });
        expect(dead[0].headers[DLQ_HEADERS.sourcePartition]).toBe(String(input.partition));
        expect(dead[0].headers[DLQ_HEADERS.sourceOffset]).toBe(input.offset);
        expect(dead[0].message.value?.equals(input.message.value ?? Buffer.alloc(0)) ?? input.message.value === null).toBe(true);
      }
    });
  });
});
