/**
 * Test runner configuration: Jest on native ES modules (the project is `"type": "module"`,
 * as the Lambda bundles and `tsx` are), TypeScript compiled per file by @swc/jest.
 * One DynamoDB Local serves the whole run (test/setup/); integration tests make their own
 * tables in it. `npm test` passes `--experimental-vm-modules`, which Jest's ESM support needs.
 */
/** @type {import('jest').Config} */
export default {
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  globalSetup: '<rootDir>/test/setup/global-dynamodb.js',
  globalTeardown: '<rootDir>/test/setup/global-dynamodb-teardown.js',
  setupFiles: ['<rootDir>/test/setup/quiet-logs.js'],
  // The JVM and CDK synthesis are slow on small CI machines; hooks share this limit.
  testTimeout: 60_000,
  // Two workers suit a two-core runner that also hosts the DynamoDB Local JVM.
  maxWorkers: 2,
  // A test file that runs no test fails the run instead of passing quietly.
  passWithNoTests: false,
  collectCoverageFrom: ['lambdas/**/*.ts', 'lib/**/*.ts', 'local/**/*.ts', 'bin/**/*.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
  // A little under what the suite reaches today (90 / 86 / 93.8 / 90 %): a drop fails the run.
  coverageThreshold: { global: { statements: 88, branches: 85, functions: 92, lines: 88 } },
};
