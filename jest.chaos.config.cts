/**
 * The fault-injection suite (tools/chaos, `npm run test:chaos`; CHAOS_PROFILE=quick for the
 * reduced run inside `npm test`). The global setup's broker serves the scenarios that only kill
 * or restart apps; the ones that kill, pause or multiply brokers start their own. One file at a
 * time: the faults are timed against a loaded two-core machine, and two scenarios side by side
 * would measure each other.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'chaos',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tools/chaos/**/*.chaos.spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/tools/testing/integration.global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/integration.global-teardown.ts',
  testTimeout: 600_000,
  maxWorkers: 1,
};
