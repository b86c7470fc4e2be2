// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from './lib';
