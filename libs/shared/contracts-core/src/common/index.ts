export * from './decode-result';
export * from './payload';
export * from './raw-record';
export * from './source-ref';
export * from './validate';
export * from './limits';
