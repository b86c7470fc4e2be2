export * from './lib/connect-stream';
export * from './lib/decode.pipe';
export * from './lib/handler-outcome';
export * from './lib/stream-context';
export * from './lib/stream-exception.filter';
export * from './lib/stream-health';
export * from './lib/stream-server';
export * from './lib/topic-resolver';
