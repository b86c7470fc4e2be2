export * from './testing/text-line.fixtures';
