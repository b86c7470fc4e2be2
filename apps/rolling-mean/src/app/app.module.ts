import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, type KafkaEnv } from '@kstream/kafka';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
import type { TopicNames } from '@kstream/contracts';

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
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'rolling-mean', topics: options.topics }),
        ObservabilityModule.forRoot({ service: 'rolling-mean' }),
      ],
      providers: [ClusterHealthService],
    };
  }
}
