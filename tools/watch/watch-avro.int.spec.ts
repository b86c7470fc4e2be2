/**
 * The course's third notebook: a `Customer` record (id, name, optional email) registered in a
 * schema registry and produced as Confluent-framed Avro by a client that is not this stack's (Java,
 * Apache Avro), read back by `npm run watch`, which decodes it with the writer's schema from the
 * registry. The registry is the integration run's real Apicurio Registry.
 */
import { produceAvroWithJavaClient, testRegistryUrl } from '@kstream/contracts-core/testing';
import { withRetries } from '@kstream/kafka';
import { runTool, testKafka, testKafkaEnv, uniqueSuffix } from '@kstream/kafka/testing';
import { customerSchemaFile } from '../registry/paths';

describe('npm run watch decodes Avro with the schema registry', () => {
  const brokers = () => testKafkaEnv().KAFKA_BROKERS.join(',');
  const registry = testRegistryUrl;
  const topic = `customers-${uniqueSuffix()}`;

  beforeAll(async () => {
    const admin = testKafka('watch-avro-test').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
    await withRetries(() => admin.fetchTopicMetadata({ topics: [topic] }), { attempts: 8 });
    await admin.disconnect();
    await produceAvroWithJavaClient({
      bootstrap: brokers(),
      ccompatUrl: registry(),
      topic,
      schemaFile: customerSchemaFile,
      keyField: 'id',
      records: [
        { id: 1, name: 'Ada', email: { string: 'ada@example.org' } },
        { id: 2, name: 'Grace', email: null },
      ],
    });
  });

  it("prints each Customer as JSON, by the writer's schema fetched from the registry", async () => {
    const { code, stdout } = await runTool('tools/watch/cli.ts', [topic, '--from-beginning', '--max', '2', '--registry', registry()], { env: { KAFKA_BROKERS: brokers() } });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['[0@0] 1 → {"id":1,"name":"Ada","email":"ada@example.org"}', '[0@1] 2 → {"id":2,"name":"Grace","email":null}']);
  }, 120_000);

  it('says what the value is, rather than printing its bytes, when no registry is given', async () => {
    const { code, stdout } = await runTool('tools/watch/cli.ts', [topic, '--from-beginning', '--max', '1'], { env: { KAFKA_BROKERS: brokers(), SCHEMA_REGISTRY_URL: '' } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\[0@0\] 1 → <Avro with schema id \d+: give a schema registry to decode it>$/m);
  }, 120_000);
});
