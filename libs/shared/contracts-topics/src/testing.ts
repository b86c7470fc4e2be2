// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from '@kstream/contracts-core/testing';
export * from '@kstream/contract-numbers/testing';
export * from '@kstream/contract-text-lines/testing';
export * from './schema';
