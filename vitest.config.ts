import { defineConfig } from 'vitest/config';

// Unit and integration tests run under plain Node. E2E specs (Playwright) and benchmarks live elsewhere.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    environment: 'node',
    // Bounds for a hang, not figures: no test asserts how fast the machine is (timing logic runs on fake
    // timers; drift, load and throughput are `npm run bench`). On a loaded 2-core machine a test that
    // starts a process from source takes tens of seconds (over 60 s at a load average of 20), so 20 s was
    // too tight to tell a hang.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two files at a time on two cores: with nothing timed against the wall clock, a busy core only makes
    // the run longer (see docs/BENCHMARKS.md, "The test suite under load").
    fileParallelism: true,
    maxWorkers: 2,
  },
});
