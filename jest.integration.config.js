/**
 * Integration tests: the real AWS SDK clients over HTTP against moto's server, which the
 * global setup starts (or finds at MOTO_ENDPOINT) and the global teardown stops.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/__tests__/integration'],
  testMatch: ['**/*.int.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  globalSetup: '<rootDir>/__tests__/integration/setup/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/integration/setup/global-teardown.js',
  // One moto server holds one state: test files run one at a time and reset it first.
  maxWorkers: 1,
  testTimeout: 30_000,
}
