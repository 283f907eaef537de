import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafeWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeWriteError';
  }
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const hasGitSegment = (rel: string) => rel.split(/[\\/]/).some((p) => p.toLowerCase() === '.git');

/** The nearest existing directory at or above `dir`. */
async function existingAncestor(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Writes a file of the repository (a baseline, a starter policy, a report) so that nothing a repository
 * commits can redirect the write: the target must be inside `repository` once every symlink of its
 * directory is resolved, never inside `.git`, and not itself a symlink. The text goes to a new temporary
 * file next to the target, which then replaces it in one rename, so a reader never sees half a file.
 * `shown` names the file in errors.
 */
export async function writeRepositoryFile(repository: string, target: string, text: string, options: { overwrite: boolean; shown?: string }): Promise<void> {
  const shown = options.shown ?? target;
  const top = resolve(repository);
  const path = resolve(top, target);
  if (!inside(path, top)) throw new UnsafeWriteError(`${shown} is outside the repository; refusing to write it`);
  if (hasGitSegment(relative(top, path))) throw new UnsafeWriteError(`${shown} is inside .git; refusing to write it`);
  const realTop = await realpath(top).catch(() => top);
  const ancestor = await existingAncestor(dirname(path));
  const realAncestor = await realpath(ancestor);
  if (!inside(realAncestor, realTop) || hasGitSegment(relative(realTop, realAncestor))) {
    throw new UnsafeWriteError(`${shown}: its directory leads outside the repository (or into .git) through a symbolic link; refusing to write it`);
  }
  await mkdir(dirname(path), { recursive: true });
  const existing = await lstat(path).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw new UnsafeWriteError(`${shown} is a symbolic link; refusing to write through it (remove the link first)`);
  if (existing && !existing.isFile()) throw new UnsafeWriteError(`${shown} exists and is not a regular file`);
  if (existing && !options.overwrite) throw new UnsafeWriteError(`${shown} already exists`);
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx', mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
