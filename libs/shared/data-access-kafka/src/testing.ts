/** Helpers for integration tests against a real broker: a second entry, kept out of app bundles. */
export * from './testing/test-kafka';
export * from './testing/wait-for';
export * from './testing/child-app';
export * from './testing/read-all';
export * from './testing/test-bed';
export * from './testing/topology-harness';
export * from './testing/run-tool';
