export * from './asyncapi';
export * from './compatibility';
export * from './documents';
export * from './json-schema';
