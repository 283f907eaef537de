import { createHmac } from 'node:crypto';
import type { Severity } from './severity.js';

/** A place in a file. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface Location {
  path: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** A path into the policy document, e.g. ['checks', 'tests', 'required', 1]. */
export type PolicyPath = readonly (string | number)[];

/**
 * What a check reports. Messages, help and properties must never contain a secret: checks redact before
 * reporting, and every reporter scrubs registered secrets again as a second line of defence.
 */
export interface FindingInput {
  /** Begins with the check's id: `secrets/github-pat`, `env/missing-in-example`. */
  ruleId: string;
  /** Defaults to the rule's severity, after the policy's overrides. */
  severity?: Severity;
  /** The most the severity may be, after the policy's overrides (a check's own policy table lowered it). */
  maxSeverity?: Severity;
  /**
   * `severity` comes from a setting of the check's own policy section (secrets' `validity-severity` for a
   * credential its provider verified), more specific than the rule's: it stands over the policy's per-rule
   * severity and over `maxSeverity` (a rule set to `off` still never runs).
   */
  fixedSeverity?: boolean;
  message: string;
  location?: Location;
  /**
   * The policy entry that asks for what is missing. Findings without a file location are annotated on
   * this line of the policy file.
   */
  policyPath?: PolicyPath;
  /**
   * What makes this finding the same finding after unrelated edits (a variable name, a hash of a secret,
   * an advisory id). It is hashed with the rule id and the path into the fingerprint; the line is not.
   */
  identity?: string;
  /** How to fix it; Markdown allowed. */
  help?: string;
  /** The commit a history finding was seen in. */
  commit?: string;
  /** Extra structured data for JSON and SARIF consumers. */
  properties?: Record<string, unknown>;
  /**
   * Set when the check's own allowlist accepts the finding (e.g. an advisory allowed until a date): the
   * finding is listed as suppressed, with its reason, and never counts against the gate.
   */
  suppression?: Suppression;
}

export interface Finding extends FindingInput {
  check: string;
  severity: Severity;
  fingerprint: string;
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

export interface Suppression {
  kind: 'inline' | 'exception' | 'baseline' | 'allowlist';
  reason?: string;
  /** Where the suppression is written, when it has a place. */
  location?: Location;
}

/**
 * A finding's fingerprint: rule, path and what it is about (never the line), so that it survives unrelated
 * edits. Keyed with the repository's key (sources/repository-key.ts): the fingerprint of a short password
 * cannot be brute-forced offline by whoever sees a report but not the repository's history.
 */
export function fingerprintOf(key: string, ruleId: string, path: string | undefined, identity: string): string {
  return createHmac('sha256', key)
    .update(ruleId)
    .update('\0')
    .update(path ?? '')
    .update('\0')
    .update(identity)
    .digest('hex')
    .slice(0, 32);
}

/** Stable order for every output: by path, line, column, then rule. Findings without a path come last. */
/** A secret finding's verdict from its provider (`properties.validity`), when it was verified. */
export function validityOf(finding: Pick<Finding, 'properties'>): 'live' | 'invalid' | 'unknown' | undefined {
  const v = finding.properties?.validity;
  return v === 'live' || v === 'invalid' || v === 'unknown' ? v : undefined;
}

export function compareFindings(a: Finding, b: Finding): number {
  const pa = a.location?.path;
  const pb = b.location?.path;
  if (pa !== pb) {
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pa < pb ? -1 : 1;
  }
  const la = a.location?.line ?? 0;
  const lb = b.location?.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.location?.column ?? 0;
  const cb = b.location?.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}
