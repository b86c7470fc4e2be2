export * from './word-total.value';
export * from './word-totals.contract';
