import { createHash } from 'node:crypto';
import type { Git } from './git.js';

/**
 * The key that fingerprints are derived with: the repository's root commits, which every full clone has
 * and which stay the same across rebases, squashes and moves. Someone who holds a report (SARIF, JSON, a
 * baseline) but not the repository cannot recompute a fingerprint, so a short secret cannot be recovered
 * from it by trying candidates. Undefined when there is no history to take it from (outside git, or a
 * shallow clone, whose oldest commit is not the root): fingerprints are then unkeyed, and say so.
 */
export async function repositoryKey(git: Git | undefined): Promise<string | undefined> {
  if (!git) return undefined;
  try {
    if (await git.isShallow()) return undefined;
    const roots = (await git.text(['rev-list', '--max-parents=0', 'HEAD'])).split('\n').filter(Boolean).sort();
    if (!roots.length) return undefined;
    return createHash('sha256').update('security-gate/fingerprint-key/v1\0').update(roots.join('\n')).digest('hex');
  } catch {
    return undefined; // no commit yet
  }
}

/** The key when there is no history: fingerprints stay stable, but are not protected by a secret. */
export const UNKEYED = 'security-gate/fingerprint/unkeyed';
