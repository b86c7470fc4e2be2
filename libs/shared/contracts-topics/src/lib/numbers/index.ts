export * from './number.decode';
export * from './number.value';
