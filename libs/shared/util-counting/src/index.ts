export * from './lib/count-words';
export * from './lib/word-totals';
