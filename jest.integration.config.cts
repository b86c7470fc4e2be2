/**
 * Integration tests (`*.int.spec.ts` in apps/, libs/ and tools/) against one real
 * Kafka broker that the global setup starts and the teardown stops. The bench's own
 * test runs apart (jest.bench.config.cts): it saturates both cores on purpose, which
 * would starve the suites running beside it.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'integration',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts', '<rootDir>/tools/**/*.int.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tools/bench/'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/tools/testing/integration.global-setup.ts',
  globalTeardown: '<rootDir>/tools/testing/integration.global-teardown.ts',
  testTimeout: 120_000,
  // Two cores: two suites at a time keeps the broker responsive.
  maxWorkers: 2,
};
