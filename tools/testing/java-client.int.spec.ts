import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { consoleProduce, produceWithJavaClient, type JavaClientRecord } from '@kstream/contracts-core/testing';
import { createTestTopic, readAll, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';

const bytes = (...b: number[]) => Buffer.from(b);

/** The headers of a consumed record as [name, bytes] pairs, repeated names kept. */
function headerPairs(headers: IHeaders | undefined): [string, string][] {
  return Object.entries(headers ?? {}).flatMap(([name, raw]) =>
    (Array.isArray(raw) ? raw : [raw]).map((v): [string, string] => [name, v === undefined ? 'undefined' : Buffer.from(v).toString('hex')]),
  );
}

/** The producers every non-JavaScript interoperability test relies on: they must keep every byte and never hang. */
describe('the Java client producers', () => {
  let kafka: Kafka;
  let admin: Admin;
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');

  beforeAll(async () => {
    kafka = testKafka('java-client-test');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
  });

  async function newTopic(partitions = 3): Promise<string> {
    return createTestTopic(admin, `java-client-${uniqueSuffix()}`, partitions);
  }

  it('keeps every byte of keys, values and headers, on the partitions asked for, and reports where each landed', async () => {
    const topic = await newTopic();
    const records: JavaClientRecord[] = [
      { key: null, value: null, partition: 0 },
      { key: '', value: '', partition: 0 },
      { key: null, value: '', partition: 1 },
      { key: '', value: null, partition: 1 },
      { key: bytes(0xff, 0x00, 0xfe), value: bytes(0x68, 0xff, 0xfe, 0x69), partition: 2 },
      { key: 'line', value: 'two\nlines\n', partition: 2 },
      { key: 'k|v', value: bytes(0x61, 0xc0, 0xaf), partition: 0 },
      { key: 'ключ', value: 'значение', headers: { h: 'one', bin: bytes(0xff, 0x00), empty: '', many: ['a', bytes(0xc3, 0x28)] }, partition: 1 },
      { key: 'picked by the partitioner', value: 'x'.repeat(100_000) },
    ];
    const deliveries = await produceWithJavaClient(brokers(), topic, records);

    const consumed = await readAll(kafka, topic);
    expect(consumed).toHaveLength(records.length);
    records.forEach((record, i) => {
      const at = deliveries[i];
      if (record.partition !== undefined) expect({ i, partition: at.partition }).toEqual({ i, partition: record.partition });
      const found = consumed.find((r) => r.partition === at.partition && r.offset === at.offset);
      const asBuffer = (v: Buffer | string | null | undefined) => (v === null || v === undefined ? null : Buffer.from(v));
      expect({ i, key: found?.message.key ?? null, value: found?.message.value ?? null }).toEqual({ i, key: asBuffer(record.key), value: asBuffer(record.value) });
      const expectedHeaders = Object.entries(record.headers ?? {}).flatMap(([name, raw]) =>
        (Array.isArray(raw) ? raw : [raw]).map((v): [string, string] => [name, Buffer.from(v ?? '').toString('hex')]),
      );
      expect({ i, headers: headerPairs(found?.message.headers) }).toEqual({ i, headers: expectedHeaders });
    });
  });

  it('sends many records from one JVM', async () => {
    const topic = await newTopic();
    const deliveries = await produceWithJavaClient(
      brokers(),
      topic,
      Array.from({ length: 2000 }, (_, i) => ({ key: `k${i % 50}`, value: `record ${i}` })),
    );
    expect(deliveries).toHaveLength(2000);
    expect(new Set(deliveries.map((d) => `${d.partition}@${d.offset}`)).size).toBe(2000);
    // A key always lands on the same partition.
    const byKey = new Map<string, Set<number>>();
    deliveries.forEach((d, i) => byKey.set(`k${i % 50}`, (byKey.get(`k${i % 50}`) ?? new Set()).add(d.partition)));
    expect([...byKey.values()].every((p) => p.size === 1)).toBe(true);
  });

  it('fails with the record and the reason when a partition does not exist', async () => {
    const topic = await newTopic(1);
    // The client waits up to max.block.ms for the partition to appear.
    const attempt = produceWithJavaClient(brokers(), topic, [{ key: null, value: 'ok', partition: 0 }, { key: null, value: 'nowhere', partition: 5 }], {
      properties: { 'max.block.ms': 2000 },
    });
    await expect(attempt).rejects.toThrow(/record 1 not delivered[^]*partition/i);
  });

  it('kills the JVM when it outlives its timeout', async () => {
    const started = Date.now();
    // A closed port: the client would keep trying to connect until its own max.block.ms.
    await expect(produceWithJavaClient('127.0.0.1:1', 'nowhere', [{ key: null, value: 'lost' }], { timeoutMs: 4000 })).rejects.toThrow(
      /did not finish within 4000 ms and was killed/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('types lines into the console producer, spread over the partitions by the round-robin partitioner', async () => {
    const topic = await newTopic();
    const lines = Array.from({ length: 6 }, (_, i) => `typed line ${i}`);
    await consoleProduce(brokers(), topic, lines, {
      paceMs: 50,
      properties: { 'partitioner.class': 'org.apache.kafka.clients.producer.RoundRobinPartitioner' },
    });
    const consumed = await readAll(kafka, topic);
    expect(consumed.map((r) => r.value).sort()).toEqual([...lines].sort());
    expect(consumed.every((r) => r.key === null)).toBe(true);
    expect(new Set(consumed.map((r) => r.partition)).size).toBeGreaterThan(1);
  });

  it('passes reader properties to the console producer (keys parsed from the line)', async () => {
    const topic = await newTopic();
    await consoleProduce(brokers(), topic, ['a:first', 'b:second'], { readerProperties: { 'parse.key': true, 'key.separator': ':' } });
    const consumed = await readAll(kafka, topic);
    expect(consumed.map((r) => [r.key, r.value]).sort()).toEqual([
      ['a', 'first'],
      ['b', 'second'],
    ]);
  });

  it('refuses a line with a line break instead of sending two records', async () => {
    await expect(consoleProduce(brokers(), 'unused', ['one\ntwo'])).rejects.toThrow(/line 0 holds a line break/);
  });
});
