import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { suffixedTopicNames, TOPIC_SPECS } from '@kstream/contracts-core';
import { readRecords, testKafka, uniqueSuffix } from '../../testing';
import { idempotentProducerConfig } from '../client/kafka-config';
import { provisionTopics } from './provision-topics';

describe('provisionTopics on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  const names = suffixedTopicNames(uniqueSuffix());

  beforeAll(async () => {
    kafka = testKafka('provision-test');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: Object.values(names) }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates every topic with its partitions and cleanup policy, and is idempotent', async () => {
    const first = await provisionTopics(admin, { names });
    expect(first.created.sort()).toEqual(Object.values(names).sort());

    const metadata = await admin.fetchTopicMetadata({ topics: Object.values(names) });
    for (const spec of TOPIC_SPECS) {
      const topic = metadata.topics.find((t) => t.name === names[spec.key]);
      expect(topic?.partitions).toHaveLength(spec.partitions);
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: names.wordTotals, configNames: ['cleanup.policy'] },
        { type: ConfigResourceTypes.TOPIC, name: names.textLines, configNames: ['cleanup.policy'] },
      ],
    });
    const policy = (topic: string) =>
      configs.resources.find((r) => r.resourceName === topic)?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue;
    expect(policy(names.wordTotals)).toBe('compact');
    expect(policy(names.textLines)).toBe('delete');

    const second = await provisionTopics(admin, { names });
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual(Object.values(names).sort());
    expect(second.mismatched).toEqual([]);
  });

  it('produces with the idempotent producer and consumes the records back, keyed records on one partition', async () => {
    await provisionTopics(admin, { names });
    const producer = kafka.producer(idempotentProducerConfig());
    await producer.connect();
    const sent = await producer.send({
      topic: names.textLines,
      acks: -1,
      messages: [
        { key: 'k', value: 'first line' },
        { key: 'k', value: 'second line' },
        { key: 'k', value: 'third line' },
      ],
    });
    await producer.disconnect();
    expect(sent).toHaveLength(1);

    const records = await readRecords(kafka, names.textLines, 3);
    expect(records.map((r) => r.value)).toEqual(['first line', 'second line', 'third line']);
    expect(new Set(records.map((r) => r.partition))).toEqual(new Set([sent[0].partition]));
    expect(records.map((r) => r.offset)).toEqual(['0', '1', '2']);
  });
});
