import type { Git } from '../../../sources/git.js';
import type { BudgetLedger } from '../../../core/pattern-budget.js';
import type { Hit } from '../hits.js';
import type { Detector } from '../types.js';
import { scanBlock } from './blocks.js';
import { PATCH_ARGS, PatchParser, type AddedBlock } from './patch.js';
import type { CommitRange } from './range.js';

export interface PatchScanOptions {
  detector: Detector;
  isIgnored(path: string): boolean;
  /** Added text larger than this in one run of lines is skipped (the tree scan's file size limit). */
  maxBlockSize: number;
  onSkipped?(block: AddedBlock): void;
  /** Keeps the policy patterns' time budget: a pattern that stopped is not run, a run over budget is noted. */
  ledger?: BudgetLedger;
}

export interface DiffStats {
  blocks: number;
  lines: number;
}

/**
 * The diff scope: only the lines the pull request adds, base...head (from the merge base, so that what
 * the base branch gained meanwhile is not the pull request's), with head line numbers.
 */
export async function scanDiff(git: Git, range: CommitRange, options: PatchScanOptions, sink: (hit: Hit) => void): Promise<DiffStats> {
  const stats: DiffStats = { blocks: 0, lines: 0 };
  const parser = new PatchParser((block) => handleBlock(block, options, stats, sink));
  await git.lines(['diff', ...PATCH_ARGS, range.mergeBase, range.head, '--'], (line) => parser.push(line));
  parser.end();
  return stats;
}

export function handleBlock(block: AddedBlock, options: PatchScanOptions, stats: { blocks: number; lines: number }, sink: (hit: Hit) => void): void {
  if (options.isIgnored(block.path)) return;
  let size = 0;
  for (const line of block.lines) size += line.length + 1;
  if (size > options.maxBlockSize) {
    options.onSkipped?.(block);
    return;
  }
  stats.blocks++;
  for (const added of block.added) if (added) stats.lines++;
  scanBlock(options.detector, block, block.commit === undefined ? 'diff' : 'commits', sink, options.ledger);
}
