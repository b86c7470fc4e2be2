export * from './lib/ingest-records';
export * from './lib/partition-assigner';
export * from './lib/record-batcher';
export * from './lib/topic-metadata';
export * from './lib/ingest-producer';
export * from './lib/producer-errors';
