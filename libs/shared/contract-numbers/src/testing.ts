export * from './testing/number.fixtures';
