import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ScanScope } from '../../../core/check.js';
import type { Git } from '../../../sources/git.js';

/** The commits of a pull request, ready for `git diff base...head` and `git log base..head`. */
export interface CommitRange {
  base: string;
  head: string;
  mergeBase: string;
}

export type RangeResult = { ok: true; range: CommitRange } | { ok: false; problem: string; fix: string };

const FETCH_FIX =
  'In GitHub Actions, check out the whole history: `actions/checkout` with `fetch-depth: 0`. Locally, fetch the base branch first (`git fetch origin main`, or `git fetch --unshallow` in a shallow clone).';

function short(sha: string): string {
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha.slice(0, 12) : sha;
}

/**
 * Checks that everything between base and head is in this clone: both commits, their merge base, and no
 * shallow boundary among the commits to scan. Says what is missing and how to fetch it, so that a shallow
 * checkout never makes a scan quietly smaller.
 */
export async function resolveRange(git: Git | undefined, scope: ScanScope): Promise<RangeResult> {
  if (!git) {
    return { ok: false, problem: 'the scanned directory is not inside a git work tree, so there is no history to compare', fix: 'Run the scan in a git clone of the repository.' };
  }
  if (!scope.base) {
    return { ok: false, problem: 'the pull request scan has no base commit', fix: 'Pass `--base REF` (e.g. `--base origin/main`) to the CLI; the action takes it from the pull_request event.' };
  }
  const shallow = await git.isShallow().catch(() => false);
  const shallowNote = shallow ? ' This clone is shallow.' : '';
  const base = await git.resolve(scope.base);
  if (!base) {
    return { ok: false, problem: `the base commit ${short(scope.base)} is not in this clone.${shallowNote}`, fix: FETCH_FIX };
  }
  const head = await git.resolve(scope.head ?? 'HEAD');
  if (!head) {
    return { ok: false, problem: `the head commit ${short(scope.head ?? 'HEAD')} is not in this clone.${shallowNote}`, fix: FETCH_FIX };
  }
  let mergeBase: string;
  try {
    mergeBase = (await git.text(['merge-base', base, head], { okCodes: [1] })).trim();
  } catch {
    mergeBase = '';
  }
  if (!mergeBase) {
    return {
      ok: false,
      problem: shallow
        ? `the history that joins base ${short(base)} and head ${short(head)} was not fetched (this clone is shallow), so the commits of the pull request cannot be told apart`
        : `base ${short(base)} and head ${short(head)} have no common ancestor`,
      fix: shallow ? FETCH_FIX : 'Pass the branch the pull request targets as `--base`.',
    };
  }
  if (shallow) {
    const boundary = await shallowCommits(git);
    if (boundary.size) {
      const inRange = (await git.text(['rev-list', `${base}..${head}`])).split('\n').filter((sha) => boundary.has(sha));
      if (inRange.length) {
        return {
          ok: false,
          problem: `this clone is shallow and its history stops at ${short(inRange[0] as string)}, inside the pull request: the commits before it are missing`,
          fix: FETCH_FIX,
        };
      }
    }
  }
  return { ok: true, range: { base, head, mergeBase } };
}

/** The commits whose parents a shallow clone does not have (`.git/shallow`). */
async function shallowCommits(git: Git): Promise<Set<string>> {
  try {
    const rel = (await git.text(['rev-parse', '--git-path', 'shallow'])).trim();
    const path = isAbsolute(rel) ? rel : join(git.cwd, rel);
    return new Set((await readFile(path, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean));
  } catch {
    return new Set();
  }
}
