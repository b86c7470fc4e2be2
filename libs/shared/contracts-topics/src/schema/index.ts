export * from './asyncapi';
export * from './compatibility';
export * from './documents';
export * from './avro-schema';
export * from './json-schema';
