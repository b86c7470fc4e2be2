module.exports = {
  displayName: 'data-access-registry',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  // Broker tests run once, with one broker, through jest.integration.config.cts.
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }]
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../../coverage/libs/shared/data-access-registry'
};
