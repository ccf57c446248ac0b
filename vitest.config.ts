import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files run one at a time: many of them start worker threads, CLI
    // processes and Chromium, which on a 2-core machine only contend (and
    // turn timing-bound tests flaky) when files run side by side.
    fileParallelism: false,
  },
});
