/**
 * ingest-producer's batching path in-process: its ProducerService (partitioner, metadata cache,
 * RecordBatcher, deadline per record) built by hand, since tsx emits no decorator metadata for
 * Nest's DI. `window` publishes are outstanding at once, as concurrent HTTP requests would make them.
 */
import { Registry } from 'prom-client';
import { loadEnv } from '@kstream/kafka';
import { HealthRegistry } from '@kstream/observability';
import { IngestEnv } from '../../../apps/ingest-producer/src/app/config/ingest.env';
import { IngestMetrics } from '../../../apps/ingest-producer/src/app/metrics/ingest.metrics';
import { ProducerService } from '../../../apps/ingest-producer/src/app/producer/producer.service';
import { VALUE_100 } from '../lib/records';
import { benchKafka, cpuSince, fail, job, report } from './kit';

interface Job {
  brokers: string;
  topic: string;
  records: number;
  /** Sent first and not timed. */
  warmup: number;
  window: number;
}

async function main(): Promise<void> {
  const { brokers, topic, records, warmup, window } = job<Job>();
  // The documented defaults, as main.ts would load them from an empty environment.
  const env = loadEnv(IngestEnv, {});
  const service = new ProducerService(benchKafka(brokers, 'bench-ingest'), env, new HealthRegistry(), new IngestMetrics(new Registry()));
  await service.onModuleInit();
  const pump = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        next += 1;
        await service.publish({ topic, key: null, value: VALUE_100, headers: {} });
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, count) }, lane));
  };
  await pump(warmup);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pump(records);
  const ms = performance.now() - started;
  const cpuSec = cpuSince(cpu);
  await service.beforeApplicationShutdown();
  await service.onApplicationShutdown();
  report({ records, ms, cpuSec });
}

main().catch(fail);
