import { Inject, Injectable, Logger, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { type TopicNames, TOPICS } from '@kstream/contracts-core';
import { verifyKafkaAccess } from './client/kafka-access';
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

const ACCESS_CHECK_CLIENT_ID = Symbol('ACCESS_CHECK_CLIENT_ID');

/**
 * Before the app serves anything: a wrong password or an untrusted broker certificate
 * stops the start-up with a KafkaAccessError that names the setting to fix, instead of
 * an app that looks up but whose every Kafka call fails.
 */
@Injectable()
class KafkaAccessCheck implements OnModuleInit {
  private readonly logger = new Logger('kafka');

  constructor(
    @Inject(KAFKA_ENV) private readonly env: KafkaEnv,
    @Inject(ACCESS_CHECK_CLIENT_ID) private readonly clientId: string,
  ) {}

  async onModuleInit(): Promise<void> {
    const { verified, detail } = await verifyKafkaAccess(this.env, this.clientId);
    if (verified) this.logger.log(`authenticated to ${this.env.KAFKA_BROKERS.join(',')}${this.env.KAFKA_SASL_USERNAME ? ` as ${this.env.KAFKA_SASL_USERNAME}` : ''}`);
    else if (this.env.KAFKA_SSL || this.env.KAFKA_SASL_MECHANISM) this.logger.warn(`could not check the Kafka credentials yet: ${detail}`);
  }
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
        { provide: ACCESS_CHECK_CLIENT_ID, useValue: options.env.KAFKA_CLIENT_ID ?? options.clientId },
        KafkaAccessCheck,
      ],
      exports: [KAFKA_ENV, KAFKA_CLIENT, TOPIC_NAMES],
    };
  }
}
