export * from './lib/numbers.task';
export * from './lib/rolling-mean.task';
export * from './lib/rolling-mean.topology';
