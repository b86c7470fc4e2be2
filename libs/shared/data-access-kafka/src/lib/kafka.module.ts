import { Module, type DynamicModule } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { TOPICS, type TopicNames } from '@kstream/contracts';
import { kafkaClientConfig } from './client/kafka-config';
import type { KafkaEnv } from './env/kafka-env';
import { KAFKA_CLIENT, KAFKA_ENV, TOPIC_NAMES } from './kafka.tokens';

export interface KafkaModuleOptions {
  /** The validated environment (main.ts loads it before Nest starts, so a bad value exits early). */
  readonly env: KafkaEnv;
  /** Client id when KAFKA_CLIENT_ID is not set: the app's name. */
  readonly clientId: string;
  /** Topic names; tests pass suffixed names to stay apart from other suites. */
  readonly topics?: TopicNames;
}

/** Provides the validated env, one kafkajs client and the topic names to the app. */
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_ENV, useValue: options.env },
        { provide: KAFKA_CLIENT, useFactory: () => new Kafka(kafkaClientConfig(options.env, options.clientId)) },
        { provide: TOPIC_NAMES, useValue: options.topics ?? TOPICS },
      ],
      exports: [KAFKA_ENV, KAFKA_CLIENT, TOPIC_NAMES],
    };
  }
}
