export * from './rolling-mean.value';
export * from './rolling-means.contract';
