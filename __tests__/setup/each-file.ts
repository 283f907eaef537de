// Before each test file (also when files share a worker without isolation).
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { removeTempDirs } from '../helpers/temp.js';

// Temporary directories of the file (helpers/temp.ts) are removed when it ends.
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

// SECURITY_GATE_TEST_CPU=<file>: one JSON line per test file with the CPU seconds it took, its own and that
// of the processes it ran and waited for (git, node, npm), from /proc (Linux).
const cpuLog = process.env.SECURITY_GATE_TEST_CPU;
if (cpuLog) {
  const ticks = () => {
    // utime stime cutime cstime are fields 14–17; the name (field 2) may hold spaces, so count after ')'.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return [11, 12, 13, 14].map((i) => Number(fields[i]) / 100);
  };
  let start: number[] = [];
  let wall = 0;
  let file = '';
  beforeAll(() => {
    file = expect.getState().testPath ?? '';
    start = ticks();
    wall = performance.now();
  });
  afterAll(() => {
    const [u, s, cu, cs] = ticks().map((v, i) => v - (start[i] as number)) as [number, number, number, number];
    appendFileSync(cpuLog, `${JSON.stringify({ file, wall: (performance.now() - wall) / 1000, self: u + s, children: cu + cs })}\n`);
  });
}
