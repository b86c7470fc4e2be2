/** @jest-config-loader-options {"transpileOnly": true, "compilerOptions": {"ignoreDeprecations": "6.0"}} */
// TypeScript 6 drops the implicit node types and node10 resolution ts-node uses to read this file: transpile only.
module.exports = {
  displayName: 'admin',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Broker tests run once, with one broker, through jest.integration.config.cts.
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/admin'
};
