/**
 * Test runner configuration. One DynamoDB Local serves the whole run (globalSetup);
 * integration tests make their own tables in it. Timeouts are generous because the JVM
 * and CDK synthesis are slow on small CI machines.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-dynamodb.ts'],
    // Handler logs are asserted where they matter; elsewhere they only bury the results.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks isolate test files from each other's module state; two workers suit a
    // two-core runner that also hosts the DynamoDB Local JVM.
    pool: 'forks',
    maxWorkers: 2,
  },
});
