import type { Git } from '../sources/git.js';
import type { Logger } from '../util/logger.js';
import { call } from './call.js';
import type { GitHubClient } from './client.js';
import { LIMITS } from './limits.js';
import { addedLines, addedLinesByFile } from './patch.js';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  baseSha: string;
  headSha: string;
}

/** The lines a pull request added, per new path: the only places a review comment may go. */
export interface ChangedLines {
  lines: Map<string, Set<number>>;
  /** Paths whose lines came from the local `git diff` because the API gave no patch. */
  fromGit: string[];
  /** Paths whose changed lines are unknown (no patch and no local diff): findings there get no comment. */
  unknown: string[];
}

interface PullFile {
  filename: string;
  status: string;
  patch?: string;
  changes: number;
}

/**
 * Reads the pull request's files and patches (paginated, at most 3,000 files). Files the API lists
 * without a patch (large diffs) and, when the list is cut at 3,000, every file with a finding that is not
 * listed, are taken from `git diff` of the merge base and the head, when both commits are in the clone.
 */
export async function changedLines(options: {
  client: GitHubClient;
  pr: PullRequestRef;
  /** Paths of the findings that might get a comment: only these need a fallback. */
  wanted: ReadonlySet<string>;
  git?: Git;
  log: Logger;
}): Promise<ChangedLines> {
  const { client, pr, wanted, log } = options;
  const files = await call('list the pull request files', () =>
    client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 }),
  ) as PullFile[];
  const lines = new Map<string, Set<number>>();
  const missing = new Set<string>();
  for (const file of files) {
    if (file.status === 'removed') continue;
    if (file.patch !== undefined) lines.set(file.filename, addedLines(file.patch));
    else if (file.changes > 0 || file.status === 'added' || file.status === 'copied') missing.add(file.filename);
  }
  if (files.length >= LIMITS.prFiles) {
    for (const path of wanted) if (!lines.has(path)) missing.add(path);
  }
  const need = [...missing].filter((p) => wanted.has(p));
  const result: ChangedLines = { lines, fromGit: [], unknown: [] };
  if (!need.length) return result;

  const local = options.git ? await gitChangedLines(options.git, pr, need, log) : undefined;
  for (const path of need) {
    const found = local?.get(path);
    if (found) {
      lines.set(path, found);
      result.fromGit.push(path);
    } else if (local) {
      // Not in the local diff: the file did not change between the merge base and the head (or is binary).
    } else result.unknown.push(path);
  }
  return result;
}

/** `git diff` of merge-base(base, head)..head, for some paths; undefined when the clone lacks the commits. */
export async function gitChangedLines(git: Git, pr: Pick<PullRequestRef, 'baseSha' | 'headSha'>, paths: readonly string[], log: Logger): Promise<Map<string, Set<number>> | undefined> {
  try {
    const [base, head] = await Promise.all([git.resolve(pr.baseSha), git.resolve(pr.headSha)]);
    if (!base || !head) {
      log.debug(`git diff fallback: ${!base ? 'base' : 'head'} commit not in the clone (fetch-depth: 0 makes it available)`);
      return undefined;
    }
    const mergeBase = (await git.text(['merge-base', base, head])).trim();
    // The whole diff, not limited to the paths: a pathspec would hide the old name of a renamed file, and
    // git would then show the rename as a new file with every line added.
    const out = await git.text(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-U0', '-M', '--src-prefix=a/', '--dst-prefix=b/', mergeBase, head]);
    const all = addedLinesByFile(out);
    return new Map(paths.filter((p) => all.has(p)).map((p) => [p, all.get(p) as Set<number>]));
  } catch (error) {
    log.debug(`git diff fallback failed: ${(error as Error).message}`);
    return undefined;
  }
}
