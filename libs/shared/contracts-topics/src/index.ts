// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
// Everything in one place, for tools and for clients outside the stack. The apps import the
// library of each topic they use instead, so a change to one topic affects only them.
export * from '@kstream/contracts-core';
export * from '@kstream/contract-dlq';
export * from '@kstream/contract-numbers';
export * from '@kstream/contract-rolling-mean-state';
export * from '@kstream/contract-rolling-means';
export * from '@kstream/contract-text-lines';
export * from '@kstream/contract-word-counts';
export * from '@kstream/contract-word-totals';
export * from './lib/catalogue';
