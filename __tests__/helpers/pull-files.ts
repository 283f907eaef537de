import { execFileSync } from 'node:child_process';
import type { PullFile } from './fake-github.js';

// Not repo.ts's git: this helper is also used by benchmarks, which run outside vitest.
function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/**
 * The pull request files API's answer for base...head of a real repository, as GitHub builds it: one entry
 * per changed file with its status, counts and the patch (the diff without its header lines).
 */
export function pullFilesFromGit(root: string, base: string, head: string): PullFile[] {
  const mergeBase = git(root, 'merge-base', base, head).trim();
  const statuses = git(root, 'diff', '--name-status', '--no-renames', mergeBase, head).trim().split('\n').filter(Boolean);
  const numstat = new Map(
    git(root, 'diff', '--numstat', '--no-renames', mergeBase, head)
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [add, del, path] = l.split('\t') as [string, string, string];
        return [path, { additions: Number(add) || 0, deletions: Number(del) || 0 }];
      }),
  );
  // One diff for every file, split at its `diff --git` headers, which come in the order --name-status lists
  // the files (one git process per file cost 15 s for a 3,000-file pull request).
  const whole = git(root, 'diff', '--no-color', '--no-ext-diff', '--no-renames', mergeBase, head);
  const diffs = whole ? whole.split(/^(?=diff --git )/m) : [];
  if (diffs.length !== statuses.length) throw new Error(`pullFilesFromGit: ${statuses.length} changed files but ${diffs.length} diffs`);
  return statuses.map((line, i) => {
    const [code, filename] = line.split('\t') as [string, string];
    const status = code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified';
    const counts = numstat.get(filename) ?? { additions: 0, deletions: 0 };
    const diff = diffs[i] as string;
    const at = diff.indexOf('\n@@');
    const file: PullFile = { filename, status, ...counts, changes: counts.additions + counts.deletions };
    if (at >= 0) file.patch = diff.slice(at + 1).replace(/\n$/, '');
    return file;
  });
}
