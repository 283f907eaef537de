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

/**
 * A short, fixed-width form of a fingerprint for the compact list a review body carries: its first 48
 * bits in base64url, with `.` for `-` (two dashes in a row would end the HTML comment early).
 */
export function shortFingerprint(fingerprint: string): string {
  return Buffer.from(fingerprint.slice(0, 12).padEnd(12, '0'), 'hex').toString('base64url').replace(/-/g, '.');
}

const SHORT = 8;

/** One hidden marker for many findings: those a review body lists or counts (a long list takes 8 bytes each). */
export function listedMarker(key: string, fingerprints: readonly string[]): string {
  return `<!-- security-gate:listed key=${key} fps=${fingerprints.map(shortFingerprint).join('')} -->`;
}

/** The bytes a listed marker takes for `n` findings. */
export function listedMarkerBytes(n: number): number {
  return listedMarker('0'.repeat(12), []).length + n * SHORT;
}

const LISTED = /<!-- security-gate:listed key=([0-9a-f]+) fps=([A-Za-z0-9_.]*) -->/g;

/** Short fingerprints of every finding a body marks for this key, one marker per finding or a listed marker. */
export function knownFingerprints(body: string | null | undefined, key: string): string[] {
  if (!body) return [];
  const found = markedFingerprints(body, key).map(shortFingerprint);
  for (const m of body.matchAll(LISTED)) {
    if (m[1] !== key) continue;
    const list = m[2] as string;
    for (let i = 0; i + SHORT <= list.length; i += SHORT) found.push(list.slice(i, i + SHORT));
  }
  return found;
}
