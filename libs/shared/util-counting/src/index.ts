export * from './lib/util-counting';
