import { createHash } from 'node:crypto';

/**
 * Hidden HTML comments that make this action's comments recognisable on the next run. The key is derived
 * from the check name, so two jobs running the action with different names keep to their own comments.
 */
export function reportKey(checkName: string): string {
  return createHash('sha256').update(checkName).digest('hex').slice(0, 12);
}

export function findingMarker(key: string, fingerprint: string): string {
  return `<!-- security-gate:finding key=${key} fp=${fingerprint} -->`;
}

export function summaryMarker(key: string): string {
  return `<!-- security-gate:summary key=${key} -->`;
}

const FINDING = /<!-- security-gate:finding key=([0-9a-f]+) fp=([0-9a-f]+) -->/g;

/** Fingerprints this run's key has marked in a comment or review body. */
export function markedFingerprints(body: string | null | undefined, key: string): string[] {
  if (!body) return [];
  const found: string[] = [];
  for (const m of body.matchAll(FINDING)) if (m[1] === key) found.push(m[2] as string);
  return found;
}

export function hasSummaryMarker(body: string | null | undefined, key: string): boolean {
  return !!body?.includes(summaryMarker(key));
}
