// Before each test file (also when files share a worker without isolation).
import { afterAll, afterEach, expect } from 'vitest';
import { removeTempDirs } from '../helpers/repo.js';

// Temporary directories of the file are removed when it ends, whichever file first imported the helper.
afterAll(removeTempDirs);

// Each test's assertion count goes into the JSON report (`meta.assertions`): coverage counted in assertions, not tests.
afterEach(({ task }) => {
  task.meta.assertions = expect.getState().assertionCalls;
});

declare module '@vitest/runner' {
  interface TaskMeta {
    assertions?: number;
  }
}
