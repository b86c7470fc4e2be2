/** Unit tests of the repository tooling (compose file, scripts); no broker needed. */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('../tsconfig.base.json');

module.exports = {
  displayName: 'tools',
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tools/**/*.spec.ts'],
  // Broker tests run with the integration config, which starts the broker they need; the chaos
  // scenarios with their own (jest.chaos.config.cts).
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$', '\\.chaos\\.spec\\.ts$'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.integration.json' }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  moduleFileExtensions: ['ts', 'js'],
};
