import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * The directory of a bundle (index.js, the action; cli.js) built from the sources with the project's bundle
 * script, at most once per test run: the first test file that asks builds it into the run's directory
 * (see __tests__/setup/global.ts), the others wait for it. Nothing reads or writes dist/.
 */
export function bundleDir(): string {
  const outdir = join(inject('runDir'), 'bundle');
  const done = join(outdir, '.done');
  const failed = join(outdir, '.failed');
  if (existsSync(done)) return outdir;
  let builder = false;
  try {
    mkdirSync(outdir);
    builder = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (builder) {
    try {
      execFileSync(process.execPath, ['scripts/bundle.mjs', '--outdir', outdir], { cwd: process.cwd(), stdio: 'pipe' });
      writeFileSync(done, '');
    } catch (error) {
      writeFileSync(failed, String((error as { stderr?: Buffer }).stderr ?? error));
      throw error;
    }
    return outdir;
  }
  const deadline = Date.now() + 180_000;
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`the bundle failed to build: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the bundle in ${outdir} was not built in time`);
    Atomics.wait(sleeper, 0, 0, 100);
  }
  return outdir;
}
