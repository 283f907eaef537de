import { lstat, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import { readSource } from '../../sources/read.js';
import type { SourceFile } from '../../sources/source-file.js';
import { pathProblem } from '../../util/globs.js';

/** Audit reports and lockfiles of large monorepos pass the scan's file-size limit; this is theirs. */
export const MAX_REPORT_BYTES = 1024 * 1024 * 1024;

export type ReadOutcome = { file: SourceFile; mtimeMs: number } | { problem: string; missing?: boolean };

/**
 * Reads a repository file that may be large, untracked or git-ignored (an audit report written by an
 * earlier step), refusing paths that leave the repository or pass through a symlink.
 */
export async function readRepoFile(ctx: Pick<CheckContext, 'root'>, path: string): Promise<ReadOutcome> {
  const problem = pathProblem(path);
  if (problem) return { problem: `${path} ${problem}` };
  const absolute = join(ctx.root, path);
  let stats;
  try {
    stats = await lstat(absolute);
  } catch {
    return { problem: `${path} does not exist`, missing: true };
  }
  if (stats.isSymbolicLink()) return { problem: `${path} is a symlink, which is not followed` };
  if (!stats.isFile()) return { problem: `${path} is not a file` };
  try {
    const [root, target] = await Promise.all([realpath(ctx.root), realpath(absolute)]);
    if (!target.startsWith(root + sep)) return { problem: `${path} leads out of the repository` };
  } catch {
    return { problem: `${path} cannot be resolved` };
  }
  const result = await readSource(ctx.root, path, { maxFileSize: MAX_REPORT_BYTES });
  if (result.file) return { file: result.file, mtimeMs: stats.mtimeMs };
  const why =
    result.skipped === 'too-large' ? `is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB`
    : result.skipped === 'binary' ? 'is binary, not text'
    : result.skipped === 'missing' ? 'does not exist'
    : `cannot be read (${result.skipped})`;
  return { problem: `${path} ${why}`, ...(result.skipped === 'missing' ? { missing: true } : {}) };
}
