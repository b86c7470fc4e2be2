/**
 * The bench's --quick test, alone: it starts its own broker and builds, and loads both
 * cores on purpose, so it runs after the integration suites rather than beside them.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'bench',
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tools/bench/**/*.int.spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
