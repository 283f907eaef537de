import { parseBunLock } from './bun.js';
import { LOCKFILE_NAMES, LockfileError, type Lockfile } from './model.js';
import { parseNpmLock } from './npm.js';
import { parsePnpmLock } from './pnpm.js';
import { parseYarnLock } from './yarn.js';

export function isLockfileName(path: string): boolean {
  return (path.split('/').pop() ?? '') in LOCKFILE_NAMES;
}

/** Parses any supported lockfile, chosen by its file name. Throws LockfileError with a clear message. */
export function parseLockfile(path: string, text: string): Lockfile {
  const base = path.split('/').pop() ?? path;
  const manager = LOCKFILE_NAMES[base];
  try {
    if (manager === 'npm') return parseNpmLock(path, text);
    if (manager === 'pnpm') return parsePnpmLock(path, text);
    if (manager === 'yarn-classic') return parseYarnLock(path, text);
    if (manager === 'bun' && base === 'bun.lock') return parseBunLock(path, text);
  } catch (error) {
    if (error instanceof LockfileError) throw error;
    throw new LockfileError(`${path} could not be read: ${(error as Error).message}`);
  }
  throw new LockfileError(`${path} is not a lockfile this check knows`);
}

export { LockfileError, type Lockfile } from './model.js';
