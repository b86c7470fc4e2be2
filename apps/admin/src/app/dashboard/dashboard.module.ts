import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardDeps } from './dashboard-deps';
import { DashboardEvents } from './dashboard-events.service';
import { DashboardFeed } from './dashboard-feed.service';
import { DashboardOverview } from './dashboard-overview.service';
import { IngestProxy } from './ingest-proxy.service';
import { DASHBOARD_SETTINGS, DEFAULT_DASHBOARD_SETTINGS } from './dashboard.settings';

/** The live page at / and what feeds it. Nothing reads Kafka until a page is open. */
@Module({
  controllers: [DashboardController],
  providers: [
    { provide: DASHBOARD_SETTINGS, useValue: DEFAULT_DASHBOARD_SETTINGS },
    DashboardDeps,
    DashboardFeed,
    DashboardOverview,
    DashboardEvents,
    IngestProxy,
  ],
})
export class DashboardModule {}
