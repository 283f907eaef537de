import type { Git } from '../../../sources/git.js';
import type { Hit } from '../hits.js';
import { handleBlock, type DiffStats, type PatchScanOptions } from './diff.js';
import { PATCH_ARGS, PatchParser } from './patch.js';

/**
 * The diff scope of a staged scan: the lines the index adds to HEAD (all of them before the first
 * commit), with the index's line numbers: what `git commit` is about to record, as a pull request's
 * diff is what it adds.
 */
export async function scanStaged(git: Git, options: PatchScanOptions, sink: (hit: Hit) => void): Promise<DiffStats> {
  const stats: DiffStats = { blocks: 0, lines: 0 };
  const parser = new PatchParser((block) => handleBlock(block, options, stats, sink));
  await git.lines(['diff', '--cached', ...PATCH_ARGS, '--'], (line) => parser.push(line));
  parser.end();
  return stats;
}
