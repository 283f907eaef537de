import { createHash } from 'node:crypto';
import type { ScopeName } from './settings.js';
import type { SecretRule } from './types.js';

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

function keyOf(hit: Hit): string {
  return `${hit.rule.id}\0${hit.path}\0${secretIdentity(hit.secret)}`;
}

/**
 * Hits of every scope, one per rule, path and secret. A secret at head (tree or diff) wins over the same
 * secret in a commit, and an earlier commit over a later one, so that each secret is reported once, where
 * it is most useful.
 */
export class HitCollector {
  private readonly byKey = new Map<string, Hit>();

  add(hit: Hit): void {
    const key = keyOf(hit);
    const current = this.byKey.get(key);
    if (!current || (current.commit !== undefined && hit.commit === undefined)) this.byKey.set(key, hit);
  }

  /** True when the same secret was seen at head (so a commit hit for it adds nothing). */
  hasAtHead(hit: Hit): boolean {
    const current = this.byKey.get(keyOf(hit));
    return !!current && current.commit === undefined;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Hits in a stable order: head first, by path and position, then history by commit order of arrival. */
  list(): Hit[] {
    return [...this.byKey.values()];
  }
}
