export * from './rolling-mean.value';
