export * from './word-count.value';
export * from './word-counts.contract';
