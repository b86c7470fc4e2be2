import { Module, type DynamicModule } from '@nestjs/common';
import { DEFAULT_WORD_ALERT_THRESHOLD } from '@kstream/contract-word-counts';
import { CONSUMER_GROUPS, type TopicNames } from '@kstream/contracts-core';
import { KafkaModule, type KafkaEnv } from '@kstream/kafka';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
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
        ObservabilityModule.forRoot({ service: 'word-count' }),
      ],
      controllers: [WordsController],
      providers: [ClusterHealthService, WordCountService, { provide: WORD_COUNT_SETTINGS, useValue: settings }],
    };
  }
}
