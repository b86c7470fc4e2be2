export * from './lib/health.registry';
export * from './lib/observability.module';
export * from './lib/observability.tokens';
export * from './lib/http-env';
export * from './lib/run-service';
export * from './lib/cluster-health.service';
export * from './lib/stream-env';
export * from './lib/stream-metrics';
