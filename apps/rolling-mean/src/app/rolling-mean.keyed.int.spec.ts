import { crc32 } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { RollingMeanRecord } from '@kstream/contract-rolling-means';
import type { TopicNames } from '@kstream/contracts-core';
import { consoleProduce, produceWithJavaClient } from '@kstream/contracts-core/testing';
import { homePartition } from '@kstream/kafka';
import { freePort, provisionTestTopics, readAll, testKafka, testKafkaEnv, uniqueSuffix, waitDrained, waitFor } from '@kstream/kafka/testing';
import { AppModule } from './app.module';
import { startStream } from '@kstream/feature-stream';

const ROUND_ROBIN = 'org.apache.kafka.clients.producer.RoundRobinPartitioner';

/**
 * State per key, whatever the producer did: the course's typed exercise through Kafka's own console
 * producer with no key, one series written by two clients with different partitioners, and a
 * series asked of an instance that does not own it.
 */
describe('rolling-mean keeps one window per series on a real broker', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let topics: TopicNames;
  const apps: INestApplication[] = [];
  const urls: string[] = [];
  const groupId = `rolling-mean-keyed-${uniqueSuffix()}`;
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');

  async function startInstance(): Promise<string> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ kafkaEnv: testKafkaEnv(), topics, settings: { groupId, windowSize: 3, advertisedUrl: url } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await startStream(app);
    await app.listen(port, '127.0.0.1');
    apps.push(app);
    urls.push(url);
    return url;
  }

  beforeAll(async () => {
    kafka = testKafka('rolling-mean-keyed-test');
    topics = await provisionTestTopics(kafka);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await startInstance();
    await waitFor(async () => (await fetch(`${urls[0]}/health`)).status === 200, { timeoutMs: 60_000, description: '/health 200' });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await producer?.disconnect();
    await admin?.disconnect();
  });

  const drained = () => waitDrained(kafka, admin, groupId, [topics.numbers, topics.rollingMeanRepartition], 60_000);
  const meansOf = async (series: string) => (await readAll(kafka, topics.rollingMeans)).map((r) => JSON.parse(r.value ?? '') as RollingMeanRecord).filter((r) => r.series === series);

  it("the course's exercise: 10 … 60 typed one at a time with no key, landing on partitions 2, 0, 2, 1, 1, 0, give the numbers alone, then the mean of the last three typed", async () => {
    // Kafka's Java client, one run per number as a person types them (a JVM start, a second or more
    // apart), keyless, on the partitions the course's own producer put them on.
    const typed = ['10', '20', '30', '40', '50', '60'];
    const partitions = [2, 0, 2, 1, 1, 0];
    for (const [i, value] of typed.entries()) await produceWithJavaClient(brokers(), topics.numbers, [{ key: null, value, partition: partitions[i] }]);
    await drained();
    const out = await meansOf('default');
    expect(out.map((r) => [r.value, r.window, r.mean])).toEqual([
      [10, [10], null],
      [20, [10, 20], null],
      [30, [10, 20, 30], 20],
      [40, [20, 30, 40], 30],
      [50, [30, 40, 50], 40],
      [60, [40, 50, 60], 50],
    ]);
    // The output keeps where each number came from, not the internal hop.
    expect(out.map((r) => r.source.partition)).toEqual(partitions);
  });

  it('numbers typed into the console producer with no key spread over every partition and still make one window', async () => {
    const series = 'default';
    const before = (await meansOf(series)).length;
    // linger.ms 5 is the course's client's (librdkafka's) default; the console producer's own (1 s) would
    // batch a second of typing into one request. Lines written before its JVM is up still leave together,
    // so this checks the window, not the typing order.
    await consoleProduce(brokers(), topics.numbers, ['1', '2', '3', '4', '5', '6'], { paceMs: 150, properties: { 'partitioner.class': ROUND_ROBIN, 'linger.ms': 5 } });
    const typed = (await readAll(kafka, topics.numbers)).filter((r) => ['1', '2', '3', '4', '5', '6'].includes(r.value ?? ''));
    expect(new Set(typed.map((r) => r.partition)).size).toBeGreaterThan(1);
    await drained();
    // One window: the series' count goes on from the six numbers before, across every partition.
    const out = (await meansOf(series)).slice(before);
    expect(out.map((r) => r.count)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(new Set(out.map((r) => r.value))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it("one series from two clients with different partitioners (kafkajs's murmur2, librdkafka's CRC32 through the Java client) keeps one window", async () => {
    const series = `mixed-${uniqueSuffix()}`;
    const murmur = homePartition(series, 3);
    const crc = crc32(Buffer.from(series)) % 3; // librdkafka's default (consistent_random) for a keyed record
    for (const [i, value] of ['1', '2', '3', '4', '5', '6'].entries()) {
      if (i % 2 === 0) await producer.send({ topic: topics.numbers, messages: [{ key: series, value }] });
      else await produceWithJavaClient(brokers(), topics.numbers, [{ key: series, value, partition: crc === murmur ? (murmur + 1) % 3 : crc }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await drained();
    const inputs = (await readAll(kafka, topics.numbers)).filter((r) => r.key === series);
    expect(new Set(inputs.map((r) => r.partition)).size).toBe(2);
    expect((await meansOf(series)).map((r) => r.mean)).toEqual([null, null, 2, 3, 4, 5]);
  });

  it('answers GET /series/:name from any instance: locally for the series it owns, from the owner for the others', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `q${i}-${uniqueSuffix()}`);
    await producer.send({ topic: topics.numbers, messages: names.flatMap((name) => ['1', '2', '3'].map((value) => ({ key: name, value }))) });
    await startInstance();
    // Both members of the group and restored: each has some partitions of the internal topic.
    await waitFor(
      async () => {
        const stages = await Promise.all(urls.map(async (url) => ((await (await fetch(`${url}/health`)).json()) as { status?: string; checks: { consumer: { ok?: boolean; detail: { stages: Record<string, number[]> } } } }).checks.consumer));
        const mine = stages.map((c) => c.detail.stages?.[topics.rollingMeanRepartition] ?? []);
        return stages.every((c) => c.ok !== false) && mine.every((p) => p.length > 0) && mine.flat().length === 3;
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'two instances sharing the internal topic' },
    );
    await drained();
    const servedBy = new Set<string>();
    for (const name of names) {
      for (const url of urls) {
        const res = await waitFor(
          async () => {
            const r = await fetch(`${url}/series/${name}`);
            return r.status === 200 ? r : undefined;
          },
          { timeoutMs: 30_000, description: `GET ${url}/series/${name}` },
        );
        expect(await res.json()).toEqual({ series: name, window: [1, 2, 3], count: 3, mean: 2 });
        servedBy.add(`${url} ${res.headers.get('x-kstream-served-by') === 'local' ? 'local' : 'forwarded'}`);
      }
    }
    // Each instance answered some series itself and fetched others from their owner.
    expect([...servedBy].sort()).toEqual(urls.flatMap((url) => [`${url} forwarded`, `${url} local`]).sort());
    const missing = await fetch(`${urls[1]}/series/never-sent-${uniqueSuffix()}`);
    expect(missing.status).toBe(404);
  });
});
