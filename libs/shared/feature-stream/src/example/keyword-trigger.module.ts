import { Module, type DynamicModule } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@kstream/contracts-core';
import { StreamServer } from '../lib/stream-server';
import { KeywordTriggerProcessor, TRIGGER_KEYWORD } from './keyword-trigger.processor';

export interface KeywordTriggerOptions {
  readonly kafka: Kafka;
  readonly keyword: string;
  readonly groupId?: string;
  readonly topics: TopicNames;
  readonly topicAliases?: Readonly<Record<string, string>>;
}

/** The example processor's module: its controller and the transport that runs it. */
@Module({})
export class KeywordTriggerModule {
  static forRoot(options: KeywordTriggerOptions): DynamicModule {
    return {
      module: KeywordTriggerModule,
      controllers: [KeywordTriggerProcessor],
      providers: [
        { provide: TRIGGER_KEYWORD, useValue: options.keyword.toLowerCase() },
        {
          provide: StreamServer,
          useFactory: () =>
            new StreamServer({
              kafka: options.kafka,
              topics: options.topics,
              topicAliases: options.topicAliases,
              groupId: options.groupId ?? 'keyword-trigger',
              dlqTopic: options.topics.textLinesDlq,
              service: 'keyword-trigger',
            }),
        },
      ],
    };
  }
}
