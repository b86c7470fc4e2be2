export * from './word-total.value';
