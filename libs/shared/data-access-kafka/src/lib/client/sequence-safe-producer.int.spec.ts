import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { idempotentProducerConfig } from './kafka-config';
import { readAll } from '../../testing/read-all';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/kafka is not an Nx project; this suite pauses a broker of its own
import { startBroker, type BrokerHandle } from '../../../../../../tools/kafka/broker';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { freePorts } from '../../../../../../tools/kafka/free-port';
import { SequenceSafeProducer } from './sequence-safe-producer';

/**
 * The fault the chaos suite found (docs/reliability.md, broker SIGKILL): a produce request whose
 * answer is lost although the broker appended it. Pausing the broker past the request timeout
 * makes that happen on demand: the request waits in the socket, kafkajs gives up on it and takes
 * its sequence number back, and the broker appends it once it runs again.
 */
describe('an idempotent send whose answer was lost', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-sequence-'));
  let broker: BrokerHandle;
  let kafka: Kafka;
  /** Reads with kafkajs's default timeouts and retries; `kafka` has short ones so a paused broker fails a send fast. */
  let reader: Kafka;

  beforeAll(async () => {
    const [port, controllerPort] = await freePorts(2);
    broker = await startBroker({ name: 'sequence', port, controllerPort, dataDir, detached: false });
    kafka = new Kafka({ clientId: 'sequence-test', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, requestTimeout: 2000, retry: { retries: 1, initialRetryTime: 100 } });
    reader = new Kafka({ clientId: 'sequence-reader', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = reader.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kafkajs-rollback', numPartitions: 1 }, { topic: 'safe', numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  }, 120_000);

  afterAll(async () => {
    if (broker) process.kill(broker.pid, 'SIGCONT');
    await broker?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const create = (): Producer => kafka.producer(idempotentProducerConfig({ createPartitioner: Partitioners.DefaultPartitioner }));
  const send = (producer: Pick<Producer, 'sendBatch'>, topic: string, value: string) => producer.sendBatch({ topicMessages: [{ topic, messages: [{ value, partition: 0 }] }] });

  /** Sends `value` while the broker is paused, so the answer never comes in time; resumes it. */
  async function lostAnswer(producer: Pick<Producer, 'sendBatch'>, topic: string, value: string): Promise<void> {
    process.kill(broker.pid, 'SIGSTOP');
    try {
      await expect(send(producer, topic, value)).rejects.toThrow();
    } finally {
      process.kill(broker.pid, 'SIGCONT');
    }
  }

  it('kafkajs alone: the next record gets an ack with the lost one\'s offset and is not stored', async () => {
    const producer = create();
    await producer.connect();
    try {
      await send(producer, 'kafkajs-rollback', 'first');
      await lostAnswer(producer, 'kafkajs-rollback', 'answer lost');
      const [ack] = await send(producer, 'kafkajs-rollback', 'acked, not stored');
      const stored = (await readAll(reader, 'kafkajs-rollback', [0])).map((r) => r.value);
      // This documents the kafkajs behaviour SequenceSafeProducer works around; if it ever fails, kafkajs changed.
      expect(stored).toEqual(['first', 'answer lost']);
      expect(ack.baseOffset).toBe('1');
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('SequenceSafeProducer: the next record is stored, at the offset its ack names', async () => {
    const producer = new SequenceSafeProducer(create);
    await producer.connect();
    try {
      await send(producer, 'safe', 'first');
      await lostAnswer(producer, 'safe', 'answer lost');
      const [ack] = await send(producer, 'safe', 'acked and stored');
      const stored = (await readAll(reader, 'safe', [0])).map((r) => r.value);
      expect(stored).toEqual(['first', 'answer lost', 'acked and stored']);
      expect(ack.baseOffset).toBe('2');
      expect(producer.replaced).toBe(1);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
});
