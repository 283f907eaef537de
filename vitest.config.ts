import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Test files that replace modules (vi.mock) or globals need a module graph of their own: the module they
 * mock may already be loaded, unmocked, by another file of the same worker. So does a file that says
 * `// vitest: isolated (why)` (one that leaves a heap the next file would pay to collect). Found by reading
 * the files, so that a new one is isolated without being listed here.
 */
const ISOLATED = readdirSync('__tests__', { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('.test.ts'))
  .map((path) => `__tests__/${path.split('\\').join('/')}`)
  .filter((path) => /\bvi\.(mock|doMock|stubGlobal|stubEnv)\(|^\/\/ vitest: isolated\b/m.test(readFileSync(path, 'utf8')));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Many tests wait on git, npm or a bundled run: more workers than the default (cores - 1, i.e. one on
    // two cores) keep both cores busy.
    maxWorkers: 3,
    globalSetup: ['__tests__/setup/global.ts'],
    setupFiles: ['__tests__/setup/each-file.ts'],
    projects: [
      {
        extends: true,
        // The other test files share a worker's module graph: src/ is imported once per worker, not once
        // per file (half the suite's CPU time went to importing it again). Per-file state lives in
        // setup/each-file.ts.
        test: { name: 'shared', include: ['__tests__/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
