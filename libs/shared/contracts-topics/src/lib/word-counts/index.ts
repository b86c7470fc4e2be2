export * from './word-count.value';
