export * from './word-count.value';
export * from './word-counts.contract';
export * from './word-count.avro';
export * from './word-alert.avro';
