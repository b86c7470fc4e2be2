// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from './schema';
export * from './testing/expect-record';
export * from './testing/number.fixtures';
export * from './testing/text-line.fixtures';
export * from './testing/kcat';
