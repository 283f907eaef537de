import { createHash } from 'node:crypto';
import type { ScopeName } from './settings.js';
import type { Confidence, SecretRule } from './types.js';

/** Where a secret is: 1-based lines and columns in the file (at head, or in the commit that adds it). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One secret seen by one scope, before it becomes a finding. Holds the raw secret: never print it. */
export interface Hit {
  rule: SecretRule;
  secret: string;
  path: string;
  span: Span;
  scope: ScopeName;
  confidence: Confidence;
  /** What the file's header says it is, whatever its path: a generator's output, test code (Go build tags). */
  declared?: 'generated' | 'test';
  /** The commit that adds it (commits scope). */
  commit?: string;
  /** An inline `security-gate-ignore` comment seen next to it in that commit (the engine sees only head files). */
  inline?: { reason?: string; line: number; column: number };
}

/**
 * What makes a secret the same secret wherever it is seen: a hash of its value with line ends normalised,
 * so that a fingerprint (rule + path + this) survives edits, moves, rebases and squashes.
 */
export function secretIdentity(secret: string): string {
  return createHash('sha256').update('security-gate/secret/v1\0').update(secret.replace(/\r\n?/g, '\n')).digest('hex').slice(0, 32);
}

const PRIORITY = { diff: 0, tree: 1, commits: 2 } as const;

/**
 * Hits of every scope, each secret reported once where it is most useful. At head, one hit per rule, path
 * and secret (a diff hit, which says the pull request adds it, wins over a tree hit). In history, one
 * hit per rule and secret, from the first commit that adds it, and none at all when the secret is still
 * at head (in any file: a secret that a later commit moved is the same secret to rotate).
 */
export class HitCollector {
  private readonly head = new Map<string, Hit>();
  private readonly history = new Map<string, Hit>();

  add(hit: Hit): void {
    const secret = `${hit.rule.id}\0${secretIdentity(hit.secret)}`;
    if (hit.commit !== undefined) {
      if (!this.history.has(secret)) this.history.set(secret, hit);
      return;
    }
    const key = `${hit.path}\0${secret}`;
    const current = this.head.get(key);
    if (!current || PRIORITY[hit.scope] < PRIORITY[current.scope]) this.head.set(key, hit);
  }

  list(): Hit[] {
    const atHead = new Set<string>();
    for (const hit of this.head.values()) atHead.add(`${hit.rule.id}\0${secretIdentity(hit.secret)}`);
    return [...this.head.values(), ...[...this.history].filter(([secret]) => !atHead.has(secret)).map(([, hit]) => hit)];
  }
}
