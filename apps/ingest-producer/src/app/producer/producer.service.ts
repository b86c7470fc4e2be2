import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from '@kstream/kafka';
import { HealthRegistry } from '@kstream/observability';
import { IngestProducer } from '@kstream/ingest-data-access-producer';
import { INGEST_ENV } from '../config/ingest.tokens';
import { ingestProducerSettings, type IngestEnv } from '../config/ingest.env';
import { IngestMetrics } from '../metrics/ingest.metrics';

/** The app's one producer (`IngestProducer`), with its health check, metrics and Nest lifecycle. */
@Injectable()
export class ProducerService extends IngestProducer implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(INGEST_ENV) env: IngestEnv,
    private readonly healthRegistry: HealthRegistry,
    metrics: IngestMetrics,
  ) {
    super(kafka, ingestProducerSettings(env), { onBatch: (records, bytes, error) => metrics.batchSent(records, bytes, error) });
    metrics.observeBuffer(() => this.buffered);
  }

  async onModuleInit(): Promise<void> {
    this.healthRegistry.register('kafka-producer', () => this.health());
    // Start even when the broker is away, without waiting for kafkajs's connection retries:
    // /health says so, and the first batch connects again.
    this.connectInBackground();
  }

  /** Stop taking records and answer every one already taken, before the HTTP server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }
}
