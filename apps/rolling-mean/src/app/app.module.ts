import { Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_ROLLING_WINDOW } from '@kstream/contract-rolling-means';
import { CONSUMER_GROUPS, type TopicNames } from '@kstream/contracts-core';
import { KafkaModule, type KafkaEnv } from '@kstream/kafka';
import { StreamServer } from '@kstream/feature-stream';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
import { RollingMeanProcessor } from './rolling-mean.processor';
import { RollingMeanService } from './rolling-mean.service';
import { ROLLING_MEAN_SETTINGS, type RollingMeanSettings } from './rolling-mean.tokens';
import { SeriesController } from './series.controller';

export interface AppOptions {
  readonly kafkaEnv: KafkaEnv;
  readonly topics?: TopicNames;
  readonly settings?: Partial<RollingMeanSettings>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const settings: RollingMeanSettings = {
      windowSize: DEFAULT_ROLLING_WINDOW,
      groupId: CONSUMER_GROUPS.rollingMean,
      healthStaleMs: 60_000,
      ...options.settings,
    };
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'rolling-mean', topics: options.topics }),
        // Request ids without AsyncLocalStorage: its promise hook would tax every transaction of the engine.
        ObservabilityModule.forRoot({ service: 'rolling-mean', requestLogContext: false }),
      ],
      controllers: [SeriesController, RollingMeanProcessor],
      providers: [
        ClusterHealthService,
        RollingMeanService,
        { provide: ROLLING_MEAN_SETTINGS, useValue: settings },
        // The transport `startStream(app)` connects: the service builds it, since it owns the topology it runs.
        { provide: StreamServer, useFactory: (service: RollingMeanService) => service.server, inject: [RollingMeanService] },
      ],
    };
  }
}
