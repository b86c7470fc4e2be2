import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { TopicNames } from '@kstream/contracts-core';
import { NUMBER_AVRO_SCHEMA } from '@kstream/contract-numbers';
import { ROLLING_MEAN_AVRO_SCHEMA } from '@kstream/contract-rolling-means';
import { advertisingAssigner, KAFKA_CLIENT, queryKey, TOPIC_NAMES, type CommittedBatch, type KeyAnswer } from '@kstream/kafka';
import { avroInput, avroOutput } from '@kstream/data-access-registry';
import { StreamServer, streamHealth } from '@kstream/feature-stream';
import { HealthRegistry, METRICS_REGISTRY, stopOnFatal, StreamMetrics } from '@kstream/observability';
import { type RollingMeanMeta, rollingMeanTopology, type SeriesView } from '@kstream/rolling-mean-feature-topology';
import { ROLLING_MEAN_SETTINGS, type RollingMeanSettings } from './rolling-mean.tokens';

/**
 * The rolling-mean topology and its transport, Kafka Streams style: `numbers` → (re-key by series)
 * → `rolling-mean-series-repartition` → windows → `rolling-means`. Both stages are in the consumer
 * group `rolling-mean`, so its lag covers the internal hop too. `RollingMeanProcessor` holds the
 * handlers; `main.ts` connects `server` and starts it. Here: metrics, health and the series' queries.
 */
@Injectable()
export class RollingMeanService implements OnApplicationBootstrap {
  private readonly logger = new Logger('rolling-mean');
  readonly server: StreamServer;
  private readonly windows: ReturnType<typeof rollingMeanTopology>['windows'];
  private readonly metrics: StreamMetrics;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_NAMES) topics: TopicNames,
    @Inject(ROLLING_MEAN_SETTINGS) private readonly settings: RollingMeanSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly health: HealthRegistry,
  ) {
    this.metrics = new StreamMetrics(registry, 'rolling-mean', 'Numbers averaged and committed', this.logger);
    const topology = rollingMeanTopology(topics, settings.windowSize, {
      // Bad input is dead-lettered in the first stage; the numbers are counted where their mean is made.
      onNumbers: (batch) => this.metrics.observe(batch, () => undefined, { counted: false }),
      onMeans: (batch) => this.report(batch),
    });
    this.windows = topology.windows;
    this.server = new StreamServer({
      kafka,
      topics,
      groupId: settings.groupId,
      stages: topology.stages,
      dlqTopic: topics.numbersDlq,
      // Confluent-framed Avro on the input topic becomes the contract's JSON envelope before the handler.
      deserializer: avroInput(settings.registry, { [topics.numbers]: NUMBER_AVRO_SCHEMA }),
      // OUTPUT_FORMAT=avro: rolling-means as Avro, its schema registered before the group is joined.
      serializer: avroOutput(settings.registry, { [topics.rollingMeans]: ROLLING_MEAN_AVRO_SCHEMA }),
      service: 'rolling-mean',
      consumerPerStage: settings.consumerPerStage,
      onFatal: stopOnFatal(this.logger, settings.exitOnFatal),
      ...(settings.advertisedUrl && { partitionAssigners: [advertisingAssigner(settings.advertisedUrl)] }),
    });
  }

  onApplicationBootstrap(): void {
    this.health.register('consumer', () => streamHealth(this.server, this.settings.healthStaleMs));
  }

  /** Every series of the partitions this instance owns, sorted by name. */
  series(): SeriesView[] {
    return [...this.server.tasksOf(this.windows).values()].flatMap((task) => task.all()).sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
  }

  /** One series, from this instance when it owns the series' partition, else from the instance that does. */
  one(name: string, forwarded: boolean): Promise<KeyAnswer<SeriesView>> {
    return queryKey({ engine: this.server.engineOf(this.windows), stage: this.windows, key: name, read: (task) => task.view(name), path: `/series/${encodeURIComponent(name)}`, forwarded });
  }

  private report(batch: CommittedBatch<RollingMeanMeta>): void {
    this.metrics.observe(batch, ({ meta }) => {
      const { series, value, mean, window } = meta.record;
      // Debug only: a line per record costs more than computing it; the counts are in /metrics.
      this.logger.debug(`${series}: ${value}${mean === null ? ` (window ${window.join(', ')})` : ` → mean ${mean}`}`);
    });
  }
}
