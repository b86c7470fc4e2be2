// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from './lib/catalogue';
export * from './lib/common';
export * from './lib/dlq';
export * from './lib/headers';
export * from './lib/numbers';
export * from './lib/rolling-mean-state';
export * from './lib/rolling-means';
export * from './lib/text-lines';
export * from './lib/topics';
export * from './lib/word-counts';
export * from './lib/word-totals';
