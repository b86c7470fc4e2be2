import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, type KafkaEnv } from '@kstream/kafka';
import { ObservabilityModule } from '@kstream/observability';
import type { TopicNames } from '@kstream/contracts';
import { ProducerService } from './producer.service';

export interface AppOptions {
  readonly kafkaEnv: KafkaEnv;
  readonly topics?: TopicNames;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'ingest-producer', topics: options.topics }),
        ObservabilityModule.forRoot({ service: 'ingest-producer' }),
      ],
      providers: [ProducerService],
    };
  }
}
