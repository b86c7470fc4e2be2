export * from './dlq-record';
