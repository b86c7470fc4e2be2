import { Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { MetricsController } from './metrics.controller';
import { METRIC_PREFIX, METRICS_REGISTRY, SERVICE_NAME } from './observability.tokens';

/**
 * GET /health and GET /metrics for every app. Each app gets its own prom-client
 * registry (not the global one) so several apps can run in one test process.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { service: string; defaultMetrics?: boolean }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        HealthRegistry,
        { provide: SERVICE_NAME, useValue: options.service },
        {
          provide: METRICS_REGISTRY,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: options.service });
            if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
            return registry;
          },
        },
      ],
      exports: [HealthRegistry, METRICS_REGISTRY, SERVICE_NAME],
    };
  }
}
