export * from './rolling-mean.value';
export * from './rolling-means.contract';
export * from './rolling-mean.avro';
