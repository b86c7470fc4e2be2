import { Inject, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health.registry';
import { MetricsController } from './metrics.controller';
import { METRIC_PREFIX, METRICS_REGISTRY, REQUEST_LOG_CONTEXT, SERVICE_NAME } from './observability.tokens';
import { requestIdHeaderMiddleware, requestIdMiddleware } from './request-id.middleware';

/**
 * GET /health and GET /metrics for every app. Each app gets its own prom-client
 * registry (not the global one) so several apps can run in one test process.
 * Every HTTP request gets an id its log lines carry (`requestIdMiddleware`).
 */
@Module({})
export class ObservabilityModule implements NestModule {
  constructor(@Inject(REQUEST_LOG_CONTEXT) private readonly requestLogContext: boolean) {}

  /**
   * `requestLogContext: false` keeps the ids (assigned and echoed) but not on the log lines, and so
   * keeps `AsyncLocalStorage` off, whose promise hook taxes every await of the process: the stream
   * processors, whose hot path is not HTTP, and ingest, which logs next to nothing per request and
   * awaits once per record (see `requestIdHeaderMiddleware`; docs/benchmarks.md).
   */
  static forRoot(options: { service: string; defaultMetrics?: boolean; requestLogContext?: boolean }): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        HealthRegistry,
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: REQUEST_LOG_CONTEXT, useValue: options.requestLogContext !== false },
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

  /**
   * Module middleware, so every app and every test app built from its AppModule has it without a
   * line in main.ts. It runs after what main.ts installs with `app.use` (helmet, admin's Host check,
   * the body parsers): a request those refuse gets no id, and writes no log line either.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.requestLogContext ? requestIdMiddleware : requestIdHeaderMiddleware).forRoutes('*');
  }
}
