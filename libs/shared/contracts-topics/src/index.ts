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
// Both libraries name a SeriesNumber: contract-numbers the decoded input (an interface its decoder
// returns), contract-rolling-mean-state the wire format of an internal topic. The catalogue is about
// what travels on topics, so it gives the latter.
export { SeriesNumber } from '@kstream/contract-rolling-mean-state';
export * from './lib/catalogue';
