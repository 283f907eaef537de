import type { Git } from '../../sources/git.js';

export interface Removal {
  path: string;
  /** Set when git sees a rename: where the content went. */
  renamedTo?: string;
}

/**
 * Files a pull request removes: deletions and the old side of renames between the merge base of `base`
 * and `head` (what GitHub shows as the PR's changes). Throws a GitError when a commit is missing from the
 * clone (a shallow checkout).
 */
export async function removedFiles(git: Git, base: string, head: string): Promise<Removal[]> {
  const out = await git.text(['diff', '--name-status', '-z', '-M', '--diff-filter=DR', '--no-ext-diff', `${base}...${head}`]);
  const fields = out.split('\0');
  const removals: Removal[] = [];
  let i = 0;
  while (i < fields.length) {
    const status = fields[i] ?? '';
    if (status === '') {
      i++;
      continue;
    }
    if (status.startsWith('R')) {
      removals.push({ path: fields[i + 1] ?? '', renamedTo: fields[i + 2] ?? '' });
      i += 3;
    } else {
      removals.push({ path: fields[i + 1] ?? '' });
      i += 2;
    }
  }
  return removals.filter((r) => r.path !== '');
}
