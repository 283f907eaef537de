import { lstat, open, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Git } from '../sources/git.js';
import { RemotePolicyError, type RemoteFetcher } from './remote.js';

/**
 * Where the policy, the files it extends and its baselines are read from: the working tree (a full scan,
 * or `policy-source: head`) or a commit (the base of a pull request, so that a pull request cannot change
 * the rules it is judged by). Paths are relative to the scan root.
 */
export interface PolicyOrigin {
  /** For messages: "the working tree", "the base commit 1a2b3c4". */
  readonly label: string;
  /** A commit, when the files come from git. */
  readonly commit?: string;
  /** The file's text; throws OriginError (`missing` only when nothing is there at all). */
  read(path: string): Promise<string>;
}

export type OriginErrorCode = 'missing' | 'refused' | 'unreadable';

export class OriginError extends Error {
  constructor(
    readonly code: OriginErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OriginError';
  }
}

/** Policies and baselines are small; a bigger file is refused rather than read into memory. */
export const MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024;

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** True when a repository-relative path has a `.git` segment (the repository's own database and config). */
function inGitDir(rel: string): boolean {
  return rel.split(/[\\/]/).some((part) => part.toLowerCase() === '.git');
}

/**
 * Files of the working tree, confined to the repository: symlinks are resolved and anything that ends up
 * outside `boundary` (the repository's top, or the scan root outside git) or inside `.git` is refused, so
 * that a committed symlink cannot make the loader read (and echo) a file of the runner.
 */
export function workingTreeOrigin(root: string, boundary: string = root): PolicyOrigin {
  let realBoundary: Promise<string> | undefined;
  const confine = async (path: string): Promise<string> => {
    const lexical = resolve(root, path);
    realBoundary ??= realpath(boundary).catch(() => resolve(boundary));
    const top = await realBoundary;
    if (!isInside(lexical, resolve(boundary))) throw new OriginError('refused', `${path} is outside the repository`);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        // A dangling symlink is refused like one that resolves outside: neither is a file of the repository.
        const link = await lstat(lexical).catch(() => undefined);
        if (link?.isSymbolicLink()) throw new OriginError('refused', `${path} is a symbolic link that leads nowhere in the repository`);
        throw new OriginError('missing', `${path} does not exist`);
      }
      throw new OriginError('unreadable', `${path} cannot be read (${code ?? 'error'})`);
    }
    if (!isInside(real, top)) throw new OriginError('refused', `${path} is a symbolic link to a file outside the repository; refusing to read it`);
    if (inGitDir(relative(top, real))) throw new OriginError('refused', `${path} is inside .git; refusing to read it`);
    return real;
  };
  return {
    label: 'the working tree',
    async read(path) {
      const real = await confine(path);
      let handle;
      try {
        handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
      } catch (error) {
        throw new OriginError('unreadable', `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      try {
        const stats = await handle.stat();
        if (stats.isDirectory()) throw new OriginError('unreadable', `${path} is a directory, not a file`);
        if (!stats.isFile()) throw new OriginError('refused', `${path} is not a regular file`);
        if (stats.size > MAX_POLICY_FILE_BYTES) throw new OriginError('refused', `${path} is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB`);
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    },
  };
}

/**
 * Files of one commit, read with git (never from the disk): the base of a pull request. Symlinks and
 * submodules are refused; a path names the same file as in the working tree (relative to the scan root).
 */
export function commitOrigin(git: Git, commit: string): PolicyOrigin {
  const entry = async (path: string): Promise<{ mode: string; object: string } | undefined> => {
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) throw new OriginError('refused', `${path} is outside the repository`);
    if (inGitDir(path)) throw new OriginError('refused', `${path} is inside .git; refusing to read it`);
    // `<commit>:./path` is relative to the directory git runs in, which is the scan root.
    const out = await git.text(['ls-tree', '-z', commit, '--', `./${path.split('\\').join('/')}`]);
    const line = out.split('\0').find(Boolean);
    if (!line) return undefined;
    const [meta] = line.split('\t');
    const [mode, , object] = (meta ?? '').split(' ');
    return mode && object ? { mode, object } : undefined;
  };
  return {
    label: `the base commit ${commit.slice(0, 7)}`,
    commit,
    async read(path) {
      let found;
      try {
        found = await entry(path);
      } catch (error) {
        if (error instanceof OriginError) throw error;
        throw new OriginError('unreadable', `${path} cannot be read from commit ${commit.slice(0, 7)} (${(error as Error).message.split('\n')[0]})`);
      }
      if (!found) throw new OriginError('missing', `${path} does not exist in ${commit.slice(0, 7)}`);
      if (found.mode === '120000') throw new OriginError('refused', `${path} is a symbolic link in ${commit.slice(0, 7)}; the policy and its files must be regular files`);
      if (found.mode !== '100644' && found.mode !== '100755') throw new OriginError('refused', `${path} is not a regular file in ${commit.slice(0, 7)}`);
      const size = Number((await git.text(['cat-file', '-s', found.object])).trim());
      if (size > MAX_POLICY_FILE_BYTES) throw new OriginError('refused', `${path} is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB`);
      return (await git.run(['cat-file', 'blob', found.object])).toString('utf8');
    },
  };
}

/**
 * Files of one commit read through GitHub's contents API: the base of a pull request when the checkout
 * does not hold it (a shallow clone). `prefix` is the scan root inside the repository.
 */
export function apiOrigin(fetcher: RemoteFetcher, repository: { owner: string; repo: string }, commit: string, prefix: string): PolicyOrigin {
  return {
    label: `the base commit ${commit.slice(0, 7)}`,
    commit,
    async read(path) {
      const full = [prefix, path].filter(Boolean).join('/').split('\\').join('/');
      if (isAbsolute(path) || full.split('/').includes('..')) throw new OriginError('refused', `${path} is outside the repository`);
      if (inGitDir(full)) throw new OriginError('refused', `${path} is inside .git; refusing to read it`);
      try {
        return await fetcher({ ...repository, path: full, ref: commit });
      } catch (error) {
        if (error instanceof RemotePolicyError && error.status === 404) throw new OriginError('missing', `${path} does not exist in ${commit.slice(0, 7)}`);
        throw new OriginError('unreadable', `${path} cannot be read from ${commit.slice(0, 7)} through the GitHub API (${(error as Error).message})`);
      }
    },
  };
}
