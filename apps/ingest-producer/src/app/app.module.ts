import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { KafkaModule, loadEnv, type KafkaEnv } from '@kstream/kafka';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
import type { TopicNames } from '@kstream/contracts-core';
import { IngestEnv } from './config/ingest.env';
import { INGEST_ENV } from './config/ingest.tokens';
import { IngestErrorFilter } from './http/ingest-error.filter';
import { RawBodyMiddleware } from './http/raw-body.middleware';
import { RequestMetricsMiddleware } from './http/request-metrics.middleware';
import { IngestService } from './ingest/ingest.service';
import { LinesController } from './lines/lines.controller';
import { IngestMetrics } from './metrics/ingest.metrics';
import { NumbersController } from './numbers/numbers.controller';
import { ProducerService } from './producer/producer.service';

export interface AppOptions {
  readonly kafkaEnv: KafkaEnv;
  /** Defaults to the documented defaults, not process.env: main.ts passes what it validated. */
  readonly ingestEnv?: IngestEnv;
  readonly topics?: TopicNames;
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'ingest-producer', topics: options.topics }),
        // Request ids without AsyncLocalStorage: its promise hook would tax every record's await.
        ObservabilityModule.forRoot({ service: 'ingest-producer', requestLogContext: false }),
      ],
      controllers: [LinesController, NumbersController],
      providers: [
        { provide: INGEST_ENV, useValue: options.ingestEnv ?? loadEnv(IngestEnv, {}) },
        { provide: APP_FILTER, useClass: IngestErrorFilter },
        IngestMetrics,
        ProducerService,
        ClusterHealthService,
        IngestService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware, RawBodyMiddleware).forRoutes({ path: '*path', method: RequestMethod.POST });
  }
}
