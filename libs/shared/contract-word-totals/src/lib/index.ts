export * from './word-total.value';
export * from './word-totals.contract';
export * from './word-occurrences.value';
export * from './word-count-repartition.contract';
export * from './word-total.avro';
