import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { KafkaModule, loadEnv, type KafkaEnv } from '@kstream/kafka';
import { ClusterHealthService, ObservabilityModule } from '@kstream/observability';
import type { TopicNames } from '@kstream/contracts-core';
import { AdminEnv } from './admin.env';
import { ADMIN_ENV } from './admin.tokens';
import { ClusterController } from './cluster/cluster.controller';
import { ClusterService } from './cluster/cluster.service';
import { AvroValuesModule } from './common/avro-values';
import { KafkaAdminService } from './common/kafka-admin.service';
import { KafkaExceptionFilter } from './common/kafka-exception.filter';
import { DashboardModule } from './dashboard/dashboard.module';
import { DlqController } from './dlq/dlq.controller';
import { DlqService } from './dlq/dlq.service';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { LagHistoryService } from './lag/lag-history.service';
import { MessagesController } from './messages/messages.controller';
import { MessagesService } from './messages/messages.service';
import { AdminTokenGuard } from './security/admin-token.guard';
import { RateLimitGuard } from './security/rate-limit.guard';
import { StackHealthController } from './stack/stack-health.controller';
import { StackHealthService } from './stack/stack-health.service';
import { TopicsController } from './topics/topics.controller';
import { TopicsService } from './topics/topics.service';

export interface AppOptions {
  readonly kafkaEnv: KafkaEnv;
  readonly topics?: TopicNames;
  /** The admin settings; main.ts loads them from the environment, tests build their own. */
  readonly adminEnv?: AdminEnv;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const adminEnv = options.adminEnv ?? loadEnv(AdminEnv, {});
    return {
      module: AppModule,
      imports: [
        KafkaModule.forRoot({ env: options.kafkaEnv, clientId: 'admin', topics: options.topics }),
        ObservabilityModule.forRoot({ service: 'admin' }),
        AvroValuesModule.forRoot(adminEnv.SCHEMA_REGISTRY_URL),
        DashboardModule,
      ],
      controllers: [ClusterController, TopicsController, MessagesController, GroupsController, DlqController, StackHealthController],
      providers: [
        { provide: ADMIN_ENV, useValue: adminEnv },
        ClusterHealthService,
        KafkaAdminService,
        ClusterService,
        TopicsService,
        GroupsService,
        MessagesService,
        DlqService,
        LagHistoryService,
        StackHealthService,
        // Guards run in this order: the rate limit first, so it also slows down token guessing.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AdminTokenGuard },
        { provide: APP_FILTER, useClass: KafkaExceptionFilter },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
    };
  }
}
