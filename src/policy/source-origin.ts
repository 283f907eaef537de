import { posix } from 'node:path';
import type { GitSource } from '../sources/git-source.js';
import { MAX_POLICY_FILE_BYTES, OriginError, type PolicyOrigin } from './origin.js';

/**
 * The policy, its extended files and baselines read from the same git objects the scan reads (the index
 * for `scan --staged`: the staged version judges the staged changes, and a policy that is not staged is
 * not there; the pushed commit for `--pre-push`), with no process of its own. Symlinks and submodules are
 * refused, as in a commit.
 */
export function sourceOrigin(source: GitSource, label: string, commit?: string): PolicyOrigin {
  return {
    label,
    ...(commit ? { commit } : {}),
    async read(path) {
      const parts = path.split(/[\\/]/);
      if (path.startsWith('/') || parts.includes('..')) throw new OriginError('refused', `${path} is outside the repository`);
      if (parts.some((p) => p.toLowerCase() === '.git')) throw new OriginError('refused', `${path} is inside .git; refusing to read it`);
      let found;
      try {
        found = await source.object(posix.normalize(parts.join('/')), MAX_POLICY_FILE_BYTES);
      } catch (error) {
        throw new OriginError('unreadable', `${path} cannot be read from ${label} (${(error as Error).message.split('\n')[0]})`);
      }
      if (!found) throw new OriginError('missing', `${path} is not in ${label}`);
      if (found.mode === '120000') throw new OriginError('refused', `${path} is a symbolic link in ${label}; the policy and its files must be regular files`);
      if ((found.mode !== '100644' && found.mode !== '100755') || found.blob.kind !== 'blob') throw new OriginError('refused', `${path} is not a regular file in ${label}`);
      if (!found.blob.data) throw new OriginError('refused', `${path} is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB`);
      return found.blob.data.toString('utf8');
    },
  };
}
