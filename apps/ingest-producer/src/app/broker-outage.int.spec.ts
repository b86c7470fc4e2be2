import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { suffixedTopicNames } from '@kstream/contracts-core';
import { kafkaClientConfig, loadKafkaEnv } from '@kstream/kafka';
import { provisionTestTopics, readRecords, uniqueSuffix, waitFor } from '@kstream/kafka/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/kafka is not an Nx project; this suite starts, stops and restarts a broker of its own
import { startBroker, type BrokerHandle } from '../../../../tools/kafka/broker';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { freePorts } from '../../../../tools/kafka/free-port';
import { recordAt, startIngestApp, type IngestTestApp } from '../testing/ingest-test-app';

/**
 * A broker of its own, so stopping it does not disturb the other suites. The app starts
 * first, with no broker at all, as after a reboot where the service comes up before Kafka.
 */
describe('no broker → 503, broker up → 201, stopped → 503, restarted → 201', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-ingest-outage-'));
  const suffix = uniqueSuffix();
  const topics = suffixedTopicNames(suffix);
  let port: number;
  let controllerPort: number;
  let kafka: Kafka;
  let ingest: IngestTestApp;
  let broker: BrokerHandle | undefined;

  const start = async () => {
    broker = await startBroker({ name: 'ingest-outage', port, controllerPort, dataDir, detached: false });
  };

  /** Posts until the answer is 201; every answer on the way must be 503, never another 2xx. */
  const firstCreated = (text: string) =>
    waitFor(
      async () => {
        const res = await ingest.post('/lines', { text });
        expect([201, 503]).toContain(res.status);
        return res.status === 201 ? res : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: `a 201 for "${text}"` },
    );

  beforeAll(async () => {
    [port, controllerPort] = await freePorts(2);
    const kafkaEnv = loadKafkaEnv({ KAFKA_BROKERS: `127.0.0.1:${port}`, KAFKA_LOG_LEVEL: 'nothing', KAFKA_CONNECTION_TIMEOUT_MS: '1000', KAFKA_REQUEST_TIMEOUT_MS: '5000' });
    kafka = new Kafka({ ...kafkaClientConfig(kafkaEnv, 'ingest-outage-test'), logLevel: logLevel.NOTHING });
    ingest = await startIngestApp({ topics, kafkaEnv, env: { INGEST_ACK_TIMEOUT_MS: '3000' } });
  });

  afterAll(async () => {
    await ingest?.app.close();
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('never answers 2xx without the broker, and recovers each time it comes back', async () => {
    const started = Date.now();
    const noBroker = await ingest.post('/lines', { text: 'no broker yet' });
    expect(noBroker.status).toBe(503);
    expect(noBroker.body.message).toMatch(/Kafka/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await fetch(`${ingest.base}/health`)).status).toBe(503);
    // Not ready, but alive: a liveness probe must not restart an app that only waits for Kafka.
    expect((await fetch(`${ingest.base}/health/ready`)).status).toBe(503);
    expect((await fetch(`${ingest.base}/health/live`)).status).toBe(200);

    await start();
    await provisionTestTopics(kafka, suffix);
    const before = await firstCreated('before the outage');
    await waitFor(async () => (await fetch(`${ingest.base}/health`)).status === 200, { timeoutMs: 30_000, description: '/health 200' });

    await broker?.stop();
    const stoppedAt = Date.now();
    const during = await ingest.post('/lines', { text: 'during the outage' });
    expect(during.status).toBe(503);
    expect(during.body.message).toMatch(/Kafka/);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const batch = await ingest.post('/numbers/batch', [{ value: 1 }, { value: 'x' }]);
    expect(batch.status).toBe(503);
    expect(batch.body).toMatchObject({ stored: 0, refused: 1, failed: 1 });
    expect((await fetch(`${ingest.base}/health`)).status).toBe(503);
    // Not ready, but alive: a liveness probe must not restart an app that only waits for Kafka.
    expect((await fetch(`${ingest.base}/health/ready`)).status).toBe(503);
    expect((await fetch(`${ingest.base}/health/live`)).status).toBe(200);

    await start();
    const after = await firstCreated('after the outage');
    await waitFor(async () => (await fetch(`${ingest.base}/health`)).status === 200, { timeoutMs: 30_000, description: '/health back to 200' });

    const records = await readRecords(kafka, topics.textLines, 2);
    expect(JSON.parse(recordAt(records, before.body.partition, before.body.offset)?.value ?? '{}')).toMatchObject({ text: 'before the outage' });
    expect(JSON.parse(recordAt(records, after.body.partition, after.body.offset)?.value ?? '{}')).toMatchObject({ text: 'after the outage' });
  });
});
