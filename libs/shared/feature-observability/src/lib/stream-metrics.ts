import type { Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { HEADERS } from '@kstream/contracts-core';
import type { CommittedBatch, TaskOutcome } from '@kstream/kafka';
import { METRIC_PREFIX } from './observability.tokens';

type Output<M> = Extract<TaskOutcome<M>, { kind: 'output' }>;

/**
 * The metrics every stream processor exposes, under one naming scheme
 * (kstream_<service>_processed_total, _dlq_total, _lag, _latency_seconds, _batch_seconds),
 * fed from the batches the engine reports as committed.
 */
export class StreamMetrics {
  private readonly processed: Counter;
  private readonly dlq: Counter<'reason'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly latency: Histogram;
  private readonly batchSeconds: Histogram;

  constructor(registry: Registry, service: string, processedHelp: string, private readonly logger: Logger) {
    const prefix = `${METRIC_PREFIX}${service.replace(/-/g, '_')}_`;
    const registers = [registry];
    this.processed = new Counter({ name: `${prefix}processed_total`, help: processedHelp, registers });
    this.dlq = new Counter({ name: `${prefix}dlq_total`, help: 'Records sent to the DLQ', labelNames: ['reason'], registers });
    this.lag = new Gauge({ name: `${prefix}lag`, help: 'Records behind the end of each input partition (input and internal topics)', labelNames: ['topic', 'partition'], registers });
    this.latency = new Histogram({
      name: `${prefix}latency_seconds`,
      help: 'From the input record timestamp to the commit of its result',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.batchSeconds = new Histogram({ name: `${prefix}batch_seconds`, help: 'Processing and transaction time per batch', registers });
  }

  /**
   * Counts a committed batch, logs its dead letters, and hands each processed record to `onProcessed`.
   * `counted: false` is for a stage whose records are not the service's unit of work (the internal
   * stage of a two-stage processor): its dead letters and lag are reported, not its records.
   */
  observe<M>(batch: CommittedBatch<M>, onProcessed: (outcome: Output<M>) => void, { counted = true }: { counted?: boolean } = {}): void {
    const now = Date.now();
    let processed = 0;
    for (const { record, outcome } of batch.results) {
      if (counted) this.latency.observe(Math.max(0, now - Number(record.timestamp)) / 1000);
      if (outcome.kind === 'dead-letter') {
        this.dlq.inc({ reason: outcome.reason });
        // The input's id (header set by ingest-producer) lets the record be followed through the stack's logs.
        const header = record.headers[HEADERS.id];
        const id = (Array.isArray(header) ? header[0] : header)?.toString();
        this.logger.warn({
          msg: `${record.topic}/${record.partition}@${record.offset} → DLQ (${outcome.reason}): ${outcome.error}`,
          ...(id !== undefined ? { id } : {}),
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          reason: outcome.reason,
        });
        continue;
      }
      if (!counted) continue;
      processed += 1;
      onProcessed(outcome as Output<M>);
    }
    // Once per batch: a counter increment per record is measurable at stream rates.
    if (processed > 0) this.processed.inc(processed);
    this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, batch.lag);
    if (counted) this.batchSeconds.observe(batch.durationMs / 1000);
  }
}
