export * from './testing/number.fixtures';
export * from './testing/text-line.fixtures';
