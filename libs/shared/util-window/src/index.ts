export * from './lib/rolling-window';
