/**
 * Baseline: the bare transactional copy. A plain kafkajs consume-transform-produce loop as kafkajs
 * documents it, with no task: per fetched batch, one transaction that sends the batch's records
 * unchanged to `output` (in chunks), adds the consumed offsets with sendOffsets and commits. What
 * exactly-once costs in kafkajs and the broker alone, for the services' throughput to be set against.
 */
import type { Message } from 'kafkajs';
import { consumerConfig, idempotentProducerConfig, TRANSACTION_RETRY } from '@kstream/kafka';
import { Window } from './consume-kafkajs';
import { benchKafka, fail, job, report } from './kit';

interface Job {
  brokers: string;
  topic: string;
  output: string;
  groupId: string;
  transactionalId: string;
  records: number;
  /** The first records warm up (JIT, group join, first transactions): the clock starts after them. */
  skip: number;
  /** Records per send call inside a transaction. */
  chunk: number;
}

async function main(): Promise<void> {
  const { brokers, topic, output, groupId, transactionalId, records, skip, chunk } = job<Job>();
  const kafka = benchKafka(brokers, 'bench-eos-copy');
  // The engine's retries: with kafkajs's default (300 ms first) each transaction begun right after a
  // commit would wait out the backoff, and the baseline would measure it instead of the copy.
  const producer = kafka.producer(idempotentProducerConfig({ transactionalId, retry: TRANSACTION_RETRY }));
  // The engine's consumer settings; read_committed as every exactly-once reader.
  const consumer = kafka.consumer(consumerConfig(groupId, { readUncommitted: false }));
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const window = new Window(skip);
  let finish: (r: ReturnType<Window['result']>) => void = () => undefined;
  const done = new Promise<ReturnType<Window['result']>>((resolve) => (finish = resolve));
  await consumer.run({
    // The offsets are committed inside each transaction, never by the consumer.
    autoCommit: false,
    // One producer has one transaction open at a time: one partition's batch at a time.
    partitionsConsumedConcurrently: 1,
    eachBatch: async ({ batch, heartbeat }) => {
      if (batch.messages.length === 0) return;
      // Each record as it came, to the same partition of the output: no partitioner, no re-keying.
      const messages: Message[] = batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp, partition: batch.partition }));
      const transaction = await producer.transaction();
      try {
        for (let i = 0; i < messages.length; i += chunk) {
          await transaction.send({ topic: output, messages: messages.slice(i, i + chunk) });
          await heartbeat();
        }
        const next = (BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString();
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: batch.partition, offset: next }] }] });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        throw error;
      }
      if (window.add(batch.messages.length, records)) finish(window.result());
    },
  });
  const result = await done;
  await consumer.disconnect();
  await producer.disconnect();
  report(result);
}

main().catch(fail);
