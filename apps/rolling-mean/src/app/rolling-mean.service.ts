import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts';
import { engineHealth, ExactlyOnceEngine, KAFKA_CLIENT, TOPIC_NAMES, type CommittedBatch } from '@kstream/kafka';
import { HealthRegistry, METRICS_REGISTRY } from '@kstream/observability';
import { RollingMeanTask, type RollingMeanMeta, type SeriesView } from './rolling-mean.task';
import { ROLLING_MEAN_SETTINGS, type RollingMeanSettings } from './rolling-mean.tokens';

/** Runs the rolling-mean stream on the exactly-once engine and reports what it committed. */
@Injectable()
export class RollingMeanService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('rolling-mean');
  private readonly engine: ExactlyOnceEngine<RollingMeanMeta, RollingMeanTask>;
  private readonly processed: Counter;
  private readonly dlq: Counter<'reason'>;
  private readonly lag: Gauge<'partition'>;
  private readonly latency: Histogram;
  private readonly batchSeconds: Histogram;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_NAMES) topics: TopicNames,
    @Inject(ROLLING_MEAN_SETTINGS) private readonly settings: RollingMeanSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
  ) {
    const registers = [registry];
    this.processed = new Counter({ name: 'kstream_rolling_mean_processed_total', help: 'Numbers averaged and committed', registers });
    this.dlq = new Counter({ name: 'kstream_rolling_mean_dlq_total', help: 'Records sent to the DLQ', labelNames: ['reason'], registers });
    this.lag = new Gauge({ name: 'kstream_rolling_mean_lag', help: 'Records behind the end of each input partition', labelNames: ['partition'], registers });
    this.latency = new Histogram({
      name: 'kstream_rolling_mean_latency_seconds',
      help: 'From the input record timestamp to the commit of its result',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.batchSeconds = new Histogram({ name: 'kstream_rolling_mean_batch_seconds', help: 'Processing and transaction time per batch', registers });

    this.engine = new ExactlyOnceEngine<RollingMeanMeta, RollingMeanTask>({
      kafka,
      groupId: settings.groupId,
      inputTopic: topics.numbers,
      changelogTopic: topics.rollingMeanState,
      dlqTopic: topics.numbersDlq,
      service: 'rolling-mean',
      createTask: (partition) => new RollingMeanTask(partition, topics, settings.windowSize),
      onCommitted: (batch) => this.report(batch),
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.health.register('consumer', () => engineHealth(this.engine.status(), this.settings.healthStaleMs));
    await this.engine.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }

  /** Every series of the partitions this instance owns, sorted by name. */
  series(): SeriesView[] {
    return [...this.engine.tasks().values()].flatMap((task) => task.all()).sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
  }

  one(name: string): SeriesView | undefined {
    for (const task of this.engine.tasks().values()) {
      const view = task.view(name);
      if (view) return view;
    }
    return undefined;
  }

  private report(batch: CommittedBatch<RollingMeanMeta>): void {
    const now = Date.now();
    for (const { record, outcome } of batch.results) {
      this.latency.observe(Math.max(0, now - Number(record.timestamp)) / 1000);
      if (outcome.kind === 'dead-letter') {
        this.dlq.inc({ reason: outcome.reason });
        this.logger.warn(`${record.topic}/${record.partition}@${record.offset} → DLQ (${outcome.reason}): ${outcome.error}`);
        continue;
      }
      const { series, value, mean, window } = outcome.meta.record;
      this.processed.inc();
      this.logger.log(`${series}: ${value}${mean === null ? ` (window ${window.join(', ')})` : ` → mean ${mean}`}`);
    }
    this.lag.set({ partition: String(batch.partition) }, batch.lag);
    this.batchSeconds.observe(batch.durationMs / 1000);
  }
}
