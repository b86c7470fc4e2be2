export * from './lib/word-count.task';
export * from './lib/word-count.topology';
export * from './lib/word-totals.task';
