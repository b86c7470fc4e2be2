export * from './lib/util-window';
