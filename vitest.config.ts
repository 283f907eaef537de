import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files share a worker's module graph: src/ is imported once per worker, not once per file (half
    // the suite's CPU time went to re-importing it). Per-file state lives in setup/each-file.ts.
    isolate: false,
    // Many tests wait on git, npm or a bundled run: more workers than the default (cores - 1, i.e. one on
    // two cores) keep both cores busy.
    maxWorkers: 3,
    globalSetup: ['__tests__/setup/global.ts'],
    setupFiles: ['__tests__/setup/each-file.ts'],
  },
});
