import { Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_WORD_ALERT_THRESHOLD } from '@kstream/contract-word-counts';
import { CONSUMER_GROUPS, type TopicNames } from '@kstream/contracts-core';
import { KafkaModule, type KafkaEnv } from '@kstream/kafka';
import { StreamServer } from '@kstream/feature-stream';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
import { WordCountProcessor } from './word-count.processor';
import { WordCountService } from './word-count.service';
import { WORD_COUNT_SETTINGS, type WordCountSettings } from './word-count.tokens';
import { WordsController } from './words.controller';

export interface AppOptions {
  readonly kafkaEnv: KafkaEnv;
  readonly topics?: TopicNames;
  readonly settings?: Partial<WordCountSettings>;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const settings: WordCountSettings = {
      threshold: DEFAULT_WORD_ALERT_THRESHOLD,
      groupId: CONSUMER_GROUPS.wordCount,
      healthStaleMs: 60_000,
      ...options.settings,
    };
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'word-count', topics: options.topics }),
        // Request ids without AsyncLocalStorage: its promise hook would tax every transaction of the engine.
        ObservabilityModule.forRoot({ service: 'word-count', requestLogContext: false }),
      ],
      controllers: [WordsController, WordCountProcessor],
      providers: [
        ClusterHealthService,
        WordCountService,
        { provide: WORD_COUNT_SETTINGS, useValue: settings },
        // The transport `startStream(app)` connects: the service builds it, since it owns the topology it runs.
        { provide: StreamServer, useFactory: (service: WordCountService) => service.server, inject: [WordCountService] },
      ],
    };
  }
}
