export * from './number.decode';
export * from './number.value';
export * from './numbers.contract';
export * from './number.avro';
