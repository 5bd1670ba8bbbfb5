/** Unit tests run the TypeScript sources as ESM; type checking is `npm run typecheck`'s job. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // examples/testing holds the documented jest example of middy-registry/testing.
  roots: ['<rootDir>/__tests__', '<rootDir>/examples/testing'],
  testMatch: ['**/*.test.ts'],
  // Integration tests need moto's server: `npm run test:integration` runs them.
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/integration/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
}
