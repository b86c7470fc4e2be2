export * from './text-line.decode';
export * from './text-line.value';
export * from './text-lines.contract';
export * from './text-line.avro';
