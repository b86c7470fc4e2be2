import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX, METRICS_REGISTRY } from '@kstream/observability';

const NAME = `${METRIC_PREFIX}ingest_`;

/** The ingest metrics, on the app's own registry (served at GET /metrics). */
@Injectable()
export class IngestMetrics {
  private readonly records: Counter<'topic' | 'outcome'>;
  private readonly bytes: Counter<'topic'>;
  private readonly errors: Counter<'kind'>;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly batchRecords: Histogram;
  private readonly batches: Counter<'outcome'>;
  private bufferedRecords: () => number = () => 0;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.records = new Counter({
      name: `${NAME}records_total`,
      help: 'Records by outcome: stored (acknowledged by the broker), refused (bad input) or failed (broker unavailable)',
      labelNames: ['topic', 'outcome'],
      registers,
    });
    this.bytes = new Counter({ name: `${NAME}bytes_total`, help: 'Value bytes of acknowledged records', labelNames: ['topic'], registers });
    this.errors = new Counter({ name: `${NAME}errors_total`, help: 'Requests answered with an error, by kind', labelNames: ['kind'], registers });
    this.requestSeconds = new Histogram({
      name: `${NAME}request_duration_seconds`,
      help: 'HTTP request latency, from arrival to response',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.batchRecords = new Histogram({
      name: `${NAME}batch_records`,
      help: 'Records per sendBatch call',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
      registers,
    });
    this.batches = new Counter({ name: `${NAME}batches_total`, help: 'sendBatch calls by outcome', labelNames: ['outcome'], registers });
    const buffered = () => this.bufferedRecords();
    new Gauge({
      name: `${NAME}buffered_records`,
      help: 'Records waiting for a sendBatch slot',
      registers,
      collect() {
        this.set(buffered());
      },
    });
  }

  observeBuffer(read: () => number): void {
    this.bufferedRecords = read;
  }

  stored(topic: string, valueBytes: number): void {
    this.records.inc({ topic, outcome: 'stored' });
    this.bytes.inc({ topic }, valueBytes);
  }

  storedMany(topic: string, count: number, valueBytes: number): void {
    if (count === 0) return;
    this.records.inc({ topic, outcome: 'stored' }, count);
    this.bytes.inc({ topic }, valueBytes);
  }

  refused(topic: string, count = 1): void {
    this.records.inc({ topic, outcome: 'refused' }, count);
  }

  failed(topic: string, count = 1): void {
    this.records.inc({ topic, outcome: 'failed' }, count);
  }

  error(kind: string): void {
    this.errors.inc({ kind });
  }

  request(method: string, route: string, status: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  batchSent(records: number, _bytes: number, error?: unknown): void {
    this.batchRecords.observe(records);
    this.batches.inc({ outcome: error === undefined ? 'acknowledged' : 'failed' });
  }
}
