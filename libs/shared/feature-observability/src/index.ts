export * from './lib/observability.module';

