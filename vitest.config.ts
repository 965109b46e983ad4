import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node. E2E specs (Playwright) and benchmarks live elsewhere.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Timing-sensitive integration tests (drift, heartbeats) get the CPU to themselves on a 2-core box.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
