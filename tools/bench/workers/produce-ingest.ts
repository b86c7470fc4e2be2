/**
 * ingest-producer's batching path in-process: the `IngestProducer` its ProducerService extends
 * (partitioner, metadata cache, RecordBatcher, deadline per record), with the defaults a user gets,
 * minus the app's Nest lifecycle and its metrics (one histogram update per batch). `window`
 * publishes are outstanding at once, as concurrent HTTP requests would make them.
 */
import { DEFAULT_INGEST_PRODUCER_SETTINGS, IngestProducer } from '@kstream/ingest-data-access-producer';
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
  const service = new IngestProducer(benchKafka(brokers, 'bench-ingest'), DEFAULT_INGEST_PRODUCER_SETTINGS);
  service.connectInBackground();
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
  await service.close();
  await service.disconnect();
  report({ records, ms, cpuSec });
}

main().catch(fail);
