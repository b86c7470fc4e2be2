export * from './topic-contracts';
