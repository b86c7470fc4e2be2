// class-transformer's @Type reads design metadata; load the polyfill wherever the contracts are used.
import 'reflect-metadata';
export * from './testing/expect-record';
export * from './testing/avro-client';
export * from './testing/java-client';
export * from './testing/java-read';
export * from './testing/field-at-fault';
export * from './testing/published-schema';
export * from './testing/fast-check-cases';
