export * from './changelog-restore';
export * from './exactly-once-engine';
export * from './stream-task';
export * from './engine-health';
export * from './key-query';
export * from './record-size';
export * from './engine-options';
export * from './engine-errors';
