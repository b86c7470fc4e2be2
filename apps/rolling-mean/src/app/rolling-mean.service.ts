import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts-core';
import { engineHealth, ExactlyOnceEngine, KAFKA_CLIENT, TOPIC_NAMES, type CommittedBatch } from '@kstream/kafka';
import { HealthRegistry, METRICS_REGISTRY, StreamMetrics } from '@kstream/observability';
import { RollingMeanTask, type RollingMeanMeta, type SeriesView } from './rolling-mean.task';
import { ROLLING_MEAN_SETTINGS, type RollingMeanSettings } from './rolling-mean.tokens';

/** Runs the rolling-mean stream on the exactly-once engine and reports what it committed. */
@Injectable()
export class RollingMeanService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('rolling-mean');
  private readonly engine: ExactlyOnceEngine<RollingMeanMeta, RollingMeanTask>;
  private readonly metrics: StreamMetrics;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_NAMES) topics: TopicNames,
    @Inject(ROLLING_MEAN_SETTINGS) private readonly settings: RollingMeanSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
  ) {
    this.metrics = new StreamMetrics(registry, 'rolling-mean', 'Numbers averaged and committed', this.logger);

    this.engine = new ExactlyOnceEngine<RollingMeanMeta, RollingMeanTask>({
      kafka,
      groupId: settings.groupId,
      inputTopic: topics.numbers,
      changelogTopic: topics.rollingMeanState,
      dlqTopic: topics.numbersDlq,
      outputTopics: [topics.rollingMeans],
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
    this.metrics.observe(batch, ({ meta }) => {
      const { series, value, mean, window } = meta.record;
      // Debug only: a line per record costs more than computing it; the counts are in /metrics.
      this.logger.debug(`${series}: ${value}${mean === null ? ` (window ${window.join(', ')})` : ` → mean ${mean}`}`);
    });
  }
}
