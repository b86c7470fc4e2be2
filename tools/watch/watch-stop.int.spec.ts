/**
 * `npm run watch` when its broker goes away: Ctrl-C still ends it at once (it used to wait on
 * kafkajs's retries and crash half a minute later), and it says where it stopped. On a broker of
 * its own, which the test stops.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { withRetries } from '@kstream/kafka';
import { waitFor } from '@kstream/kafka/testing';
import { startEphemeralBroker, type EphemeralBrokerHandle } from '../kafka/ephemeral';

describe('npm run watch with its broker gone', () => {
  let broker: EphemeralBrokerHandle | undefined;

  afterAll(async () => {
    await broker?.stop();
  });

  it('exits on Ctrl-C (or by itself) within seconds, and says the broker went away', async () => {
    broker = await startEphemeralBroker({ tmpPrefix: 'kafka-watch-stop-' });
    const kafka = new Kafka({ clientId: 'watch-stop-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'watched', numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false });
    await withRetries(() => admin.fetchTopicMetadata({ topics: ['watched'] }), { attempts: 8 });
    await admin.disconnect();

    const child = spawn(process.execPath, ['tools/run.cjs', 'tools/watch/cli.ts', 'watched'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, KAFKA_BROKERS: broker.bootstrap },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => stderr.includes('Ctrl-C to stop'), { timeoutMs: 30_000, description: 'watch running' });

    await broker.stop();
    broker = undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
    if (code === 'still running') child.kill('SIGKILL');
    // Gone by itself (kafkajs gave up on the coordinator: exit 1) or by the Ctrl-C (0, or 130 for a
    // Ctrl-C that came while it was already stopping): either way within seconds, saying why.
    expect(code).not.toBe('still running');
    expect(Date.now() - interruptedAt).toBeLessThan(6_000);
    expect(stderr).toMatch(/went away or refused|did not answer within 3 s/);
    expect(stderr).toMatch(/0 records printed from watched/);
  }, 90_000);
});
