import { lstat, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Creates a new executable file in git's hooks directory. `writeRepositoryFile` refuses every path inside
 * .git on purpose; this is the one deliberate exception, and it never replaces anything: the file is
 * opened with O_CREAT|O_EXCL, which fails when any file or symlink of that name exists (a hook another
 * tool installed, or one that appears meanwhile), and the directory must be a real directory.
 * Returns false when a hook of that name already exists.
 */
export async function createHookFile(dir: string, name: string, text: string): Promise<boolean> {
  if (!/^[a-z][a-z-]*$/.test(name)) throw new Error(`not a hook name: ${name}`);
  await mkdir(dir, { recursive: true });
  const stats = await lstat(dir);
  if (stats.isSymbolicLink() || !stats.isDirectory()) throw new Error(`${dir} is not a directory (a symbolic link is not followed); refusing to write a hook there`);
  let handle;
  try {
    handle = await open(join(dir, name), 'wx', 0o755);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.chmod(0o755); // the umask may have taken execute bits away
  } finally {
    await handle.close();
  }
  return true;
}
