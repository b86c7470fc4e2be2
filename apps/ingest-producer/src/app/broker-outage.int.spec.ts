import * as fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts';
import { kafkaClientConfig, loadKafkaEnv, type KafkaEnv } from '@kstream/kafka';
import { readRecords, waitFor } from '@kstream/kafka/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/kafka is not an Nx project; this suite stops and restarts a broker of its own
import { startBroker, type BrokerHandle } from '../../../../tools/kafka/broker';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { startEphemeralBroker } from '../../../../tools/kafka/ephemeral';
import { provisionIngestTopics, recordAt, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

/** A broker of its own, so stopping it does not disturb the other suites. */
describe('broker stopped → 503, broker back → 2xx', () => {
  let broker: BrokerHandle & { tmpDir: string };
  let restarted: BrokerHandle | undefined;
  let kafkaEnv: KafkaEnv;
  let kafka: Kafka;
  let topics: TopicNames;
  let ingest: IngestTestApp;

  beforeAll(async () => {
    broker = await startEphemeralBroker({ name: 'ingest-outage', keepData: true });
    kafkaEnv = loadKafkaEnv({ KAFKA_BROKERS: broker.bootstrap, KAFKA_LOG_LEVEL: 'nothing', KAFKA_CONNECTION_TIMEOUT_MS: '1000', KAFKA_REQUEST_TIMEOUT_MS: '5000' });
    kafka = new Kafka({ ...kafkaClientConfig(kafkaEnv, 'ingest-outage-test'), logLevel: logLevel.NOTHING });
    topics = await provisionIngestTopics(kafka);
    ingest = await startIngestApp({ topics, kafkaEnv, env: { INGEST_ACK_TIMEOUT_MS: '3000' } });
  });

  afterAll(async () => {
    await ingest?.app.close();
    await restarted?.stop();
    await broker?.stop();
    if (broker) fs.rmSync(broker.tmpDir, { recursive: true, force: true });
  });

  it('never answers 2xx while the broker is away, and recovers when it returns', async () => {
    const before = await ingest.post('/lines', { text: 'before the outage' });
    expect(before.status).toBe(201);

    await broker.stop();
    const started = Date.now();
    const during = await ingest.post('/lines', { text: 'during the outage' });
    expect(during.status).toBe(503);
    expect(during.body.message).toMatch(/Kafka/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const batch = await ingest.post('/numbers/batch', [{ value: 1 }, { value: 'x' }]);
    expect(batch.status).toBe(503);
    expect(batch.body).toMatchObject({ stored: 0, refused: 1, failed: 1 });
    expect((await fetch(`${ingest.base}/health`)).status).toBe(503);

    restarted = await startBroker({ name: 'ingest-outage', port: broker.port, controllerPort: broker.controllerPort, dataDir: broker.tmpDir, detached: false });
    const after = await waitFor(
      async () => {
        const res = await ingest.post('/lines', { text: 'after the outage' });
        expect(res.status === 201 || res.status === 503).toBe(true);
        return res.status === 201 ? res : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'a 201 once the broker is back' },
    );
    await waitFor(async () => (await fetch(`${ingest.base}/health`)).status === 200, { timeoutMs: 30_000, description: '/health back to 200' });

    const records = await readRecords(kafka, topics.textLines, 2);
    expect(JSON.parse(recordAt(records, before.body.partition, before.body.offset)?.value ?? '{}')).toMatchObject({ text: 'before the outage' });
    expect(JSON.parse(recordAt(records, after.body.partition, after.body.offset)?.value ?? '{}')).toMatchObject({ text: 'after the outage' });
  });
});
