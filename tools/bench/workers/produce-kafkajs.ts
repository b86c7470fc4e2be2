/**
 * Baseline: raw kafkajs, the same idempotent acks=all producer settings as ingest, sendBatch in
 * chunks of `chunk` records (large arrays are slow in kafkajs, PITFALLS.md), `inFlight` calls at once.
 */
import { Partitioners, type Message } from 'kafkajs';
import { idempotentProducerConfig } from '@kstream/kafka';
import { VALUE_100 } from '../lib/records';
import { benchKafka, cpuSince, fail, job, report } from './kit';

interface Job {
  brokers: string;
  topic: string;
  records: number;
  /** Sent first and not timed: JIT, connections and metadata warm up. */
  warmup: number;
  chunk: number;
  inFlight: number;
}

async function main(): Promise<void> {
  const { brokers, topic, records, warmup, chunk, inFlight } = job<Job>();
  const producer = benchKafka(brokers, 'bench-kafkajs').producer(idempotentProducerConfig({ createPartitioner: Partitioners.DefaultPartitioner }));
  await producer.connect();
  const pump = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const n = Math.min(chunk, count - next);
        next += n;
        const messages: Message[] = Array.from({ length: n }, () => ({ value: VALUE_100 }));
        await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1 });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  };
  await pump(warmup);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pump(records);
  const ms = performance.now() - started;
  const cpuSec = cpuSince(cpu);
  await producer.disconnect();
  report({ records, ms, cpuSec });
}

main().catch(fail);
