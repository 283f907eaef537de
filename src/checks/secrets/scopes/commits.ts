import type { Git } from '../../../sources/git.js';
import type { Hit } from '../hits.js';
import { handleBlock, type PatchScanOptions } from './diff.js';
import { COMMIT_MARKER, PATCH_ARGS, PatchParser } from './patch.js';
import type { CommitRange } from './range.js';

export interface CommitsStats {
  commits: number;
  blocks: number;
  lines: number;
  /** Merge commits are read as what their resolution adds (remerge diff) when git can. */
  merges: 'remerge' | 'skipped';
}

/**
 * The commits scope: every commit of the pull request (base..head), oldest first, each with what it adds,
 * streamed from one `git log -p` however many commits there are. A secret added in one commit and deleted
 * in the next is in the history once merged, so it is reported with the commit that adds it.
 */
export async function scanCommits(git: Git, range: CommitRange, options: PatchScanOptions, sink: (hit: Hit) => void): Promise<CommitsStats> {
  const merges = (await supportsRemergeDiff(git)) ? 'remerge' : 'skipped';
  const stats: CommitsStats = { commits: 0, blocks: 0, lines: 0, merges };
  const parser = new PatchParser((block) => handleBlock(block, options, stats, sink));
  const args = [
    'log',
    '-p',
    '--reverse',
    '--no-show-signature',
    '--no-mailmap',
    `--format=%x01%H`,
    ...PATCH_ARGS,
    // A merge adds what its author wrote while resolving it; the rest is already in one of its parents.
    ...(merges === 'remerge' ? ['--diff-merges=remerge'] : []),
    `${range.base}..${range.head}`,
    '--',
  ];
  await git.lines(args, (line) => {
    if (line.startsWith(COMMIT_MARKER)) stats.commits++;
    parser.push(line);
  });
  parser.end();
  return stats;
}

let remerge: Promise<boolean> | undefined;

/** `--diff-merges=remerge` exists since git 2.36. */
function supportsRemergeDiff(git: Git): Promise<boolean> {
  remerge ??= git.text(['version']).then(
    (out) => {
      const m = /(\d+)\.(\d+)/.exec(out);
      return !!m && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 36));
    },
    () => false,
  );
  return remerge;
}
