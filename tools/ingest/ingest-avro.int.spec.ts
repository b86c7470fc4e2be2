/**
 * `npm run ingest -- numbers|lines --format avro`: the contract's Avro form registered under
 * `<topic>-value` in the run's real schema registry, and every record written in the Confluent wire
 * format with that schema's id; read back with the registry, each is the JSON envelope ingest sends.
 */
import type { Kafka } from 'kafkajs';
import { testRegistryUrl } from '@kstream/contracts-core/testing';
import { AvroValueReader, SchemaRegistryClient } from '@kstream/data-access-registry';
import { withRetries } from '@kstream/kafka';
import { readAll, runTool, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';

describe('npm run ingest -- --format avro, with a real schema registry', () => {
  let kafka: Kafka;
  const url = testRegistryUrl;
  const numbers = `numbers-avro-${uniqueSuffix()}`;
  const lines = `lines-avro-${uniqueSuffix()}`;

  beforeAll(async () => {
    kafka = testKafka('ingest-avro-test');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [numbers, lines].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })), waitForLeaders: false });
    await withRetries(() => admin.fetchTopicMetadata({ topics: [numbers, lines] }), { attempts: 8 });
    await admin.disconnect();
  });

  const ingest = (args: string[], stdin: string) => runTool('tools/ingest/cli.ts', args, { env: { KAFKA_BROKERS: testKafkaEnv().KAFKA_BROKERS.join(','), SCHEMA_REGISTRY_URL: url() }, stdin });

  it('writes numbers and lines as Avro that decode, by the registered schema, to the envelopes', async () => {
    const n = await ingest(['numbers', '--topic', numbers, '--key', 'temp', '--format', 'avro', '--quiet'], '1\n2.5\n');
    expect(n.code).toBe(0);
    const l = await ingest(['lines', '--topic', lines, '--format', 'avro', '--quiet'], 'hello avro world\n');
    expect(l.code).toBe(0);

    const reader = new AvroValueReader(new SchemaRegistryClient({ url: url() }));
    const decoded = async (topic: string) => Promise.all((await readAll(kafka, topic)).map(async (r) => ({ key: r.key, headers: r.headers, read: await reader.read(r.message.value as Buffer) })));
    const nums = await decoded(numbers);
    expect(nums.map((r) => r.read.kind)).toEqual(['avro', 'avro']);
    expect(nums.map((r) => (r.read.kind === 'avro' ? [(r.read.value as { value: number }).value, (r.read.value as { series: string }).series] : undefined))).toEqual([
      [1, 'temp'],
      [2.5, 'temp'],
    ]);
    expect(nums.every((r) => r.key === 'temp' && r.headers['content-type'] === undefined && r.headers['id'])).toBe(true);
    const [line] = await decoded(lines);
    expect(line.read.kind === 'avro' && (line.read.value as { text: string }).text).toBe('hello avro world');
    const subjects = await new SchemaRegistryClient({ url: url() }).subjects();
    expect(subjects).toEqual(expect.arrayContaining([`${numbers}-value`, `${lines}-value`]));
  }, 120_000);

  it('refuses --format avro without a registry, with the way out', async () => {
    const { code, stderr } = await runTool('tools/ingest/cli.ts', ['numbers', '--format', 'avro'], { env: { SCHEMA_REGISTRY_URL: '' }, stdin: '1\n' });
    expect(code).toBe(2);
    expect(stderr).toContain('--format avro needs a schema registry');
  }, 60_000);
});
