import type { ScanScope } from '../core/check.js';
import type { Git } from './git.js';
import type { Logger } from '../util/logger.js';

/**
 * The files a pull request touches, as the scan sees them: what differs between the merge base of base and
 * head and the checkout (tracked files), plus `untracked` (from the listing, which already asked git).
 * Undefined on full scans, and when the merge base is not in the clone (a shallow checkout): then every
 * check reads everything, as on a full scan.
 */
export async function changedFiles(git: Git | undefined, scope: ScanScope, log: Logger, untracked: () => Promise<readonly string[]>): Promise<ReadonlySet<string> | undefined> {
  if (scope.kind !== 'pr' || !git || !scope.base) return undefined;
  try {
    const head = scope.head ?? 'HEAD';
    const mergeBase = (await git.text(['merge-base', scope.base, head])).trim();
    if (!/^[0-9a-f]{40,64}$/.test(mergeBase)) return undefined;
    const tracked = (await git.run(['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', mergeBase, '--'])).toString('utf8');
    return new Set([...tracked.split('\0').filter(Boolean), ...(await untracked())]);
  } catch (error) {
    log.debug(`changed files unknown (${(error as Error).message.split('\n')[0]}): every file is read`);
    return undefined;
  }
}
