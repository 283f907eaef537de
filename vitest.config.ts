import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['__tests__/setup/global.ts'],
    setupFiles: ['__tests__/setup/each-file.ts'],
  },
});
