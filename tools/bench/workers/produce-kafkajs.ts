/**
 * Baseline: raw kafkajs, the same idempotent acks=all producer settings as ingest, sendBatch in
 * chunks of `chunk` records (large arrays are slow in kafkajs, tulios/kafkajs#1576), `inFlight` calls at once.
 * With `kafkajsDir` it runs the stock kafkajs installed there (tools/bench/lib/stock-kafkajs.ts)
 * instead of the repository's patched one.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as installed from 'kafkajs';
import type { Message } from 'kafkajs';
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
  kafkajsDir?: string;
}

function kafkajs(dir: string | undefined): typeof installed {
  if (!dir) return installed;
  // The harness checked this copy carries no patch (stockKafkajs) before the first run.
  return createRequire(path.join(dir, 'package.json'))('kafkajs') as typeof installed;
}

async function main(): Promise<void> {
  const { brokers, topic, records, warmup, chunk, inFlight, kafkajsDir } = job<Job>();
  const { Kafka, Partitioners } = kafkajs(kafkajsDir);
  const producer = benchKafka(brokers, 'bench-kafkajs', Kafka).producer(idempotentProducerConfig({ createPartitioner: Partitioners.DefaultPartitioner }));
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
