import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AdminEnv } from '../admin.env';
import { ADMIN_ENV } from '../admin.tokens';
import { KafkaAdminService } from '../common/kafka-admin.service';
import { GroupsService } from '../groups/groups.service';
import { LagHistoryService } from '../lag/lag-history.service';
import { StackHealthService } from '../stack/stack-health.service';

/**
 * The admin services the dashboard reads from. They live in AppModule, which imports this
 * module, so they are looked up once the application is up instead of injected: a second
 * instance would open a second admin connection and sample lag twice.
 */
@Injectable()
export class DashboardDeps {
  constructor(private readonly moduleRef: ModuleRef) {}

  private get<T>(token: unknown): T {
    return this.moduleRef.get(token as never, { strict: false }) as T;
  }

  get env(): AdminEnv {
    return this.get(ADMIN_ENV);
  }

  get kafkaAdmin(): KafkaAdminService {
    return this.get(KafkaAdminService);
  }

  get groups(): GroupsService {
    return this.get(GroupsService);
  }

  get lagHistory(): LagHistoryService {
    return this.get(LagHistoryService);
  }

  get stackHealth(): StackHealthService {
    return this.get(StackHealthService);
  }
}
