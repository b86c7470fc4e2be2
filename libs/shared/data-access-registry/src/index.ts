export * from './lib/avro-input';
export * from './lib/confluent-frame';
export * from './lib/registry-client';
export * from './lib/registry-errors';
export * from './lib/avro-reader';
export * from './lib/avro-writer';
export * from './lib/avro-output';
