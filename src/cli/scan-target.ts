import type { ScanScope } from '../core/check.js';
import type { PolicyOrigin } from '../policy/origin.js';
import { sourceOrigin } from '../policy/source-origin.js';
import type { Git } from '../sources/git.js';
import { indexSource, type ScanSource } from '../sources/git-source.js';

/** What one scan of the CLI judges when it is not the working tree: git's index, or a pushed commit. */
export interface ScanTarget {
  scope: ScanScope;
  source: ScanSource;
  /** Where the policy, its extended files and baselines come from. */
  origin: PolicyOrigin;
  /** Said before the report when one command runs several scans (a push of several branches). */
  label?: string;
}

/** `scan --staged`: the index judged by the index's policy, reading what it changes against HEAD. */
export function stagedTarget(git: Git | undefined): ScanTarget {
  if (!git) throw new Error('--staged needs a git work tree: it scans what git is about to commit');
  const source = indexSource(git);
  return { scope: { kind: 'staged' }, source, origin: sourceOrigin(source, 'the index (staged files)') };
}
