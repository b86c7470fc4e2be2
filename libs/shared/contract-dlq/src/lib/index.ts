export * from './dlq.contract';
