import type { FailOn, Severity } from '../core/severity.js';

export type RuleSeverityOverride = Severity | 'off';

/** The keys every section under `checks:` accepts, besides the check's own settings. */
export interface CheckSection {
  enabled?: boolean;
  ignore?: string[];
  severity?: Record<string, RuleSeverityOverride>;
  baseline?: string;
  [setting: string]: unknown;
}

export interface PolicyException {
  fingerprint?: string;
  /** A rule id, or a glob over rule ids such as `env/*`. */
  rule?: string;
  /** A path glob. */
  path?: string;
  reason: string;
  /** YYYY-MM-DD, inclusive. */
  expires?: string;
  /** Where it is written: the policy file (or preset) and its index in that file's list. */
  origin: { file: string; index: number };
}

/** The effective policy after presets are merged. Keys of check sections keep their YAML spelling. */
export interface Policy {
  version: 1;
  extends: string[];
  failOn: FailOn;
  ignore: string[];
  baseline?: string;
  /** Files larger than maxFileSize are skipped; findings past the caps are counted, not listed. */
  limits: { maxFileSize: number; maxFindings: number; maxFindingsPerFile: number };
  exceptions: PolicyException[];
  checks: Record<string, CheckSection>;
  /**
   * Policy-defined rules (`rules:`), validated by the schema; interpreted by the `rules` check. Each carries
   * `origin` (the file and its index in that file's list), as exceptions do.
   */
  rules: Record<string, unknown>[];
  /** Key paths frozen by a shared policy for every later layer (`checks.secrets.enabled`, `fail-on`). */
  lock: string[];
  /**
   * Which inline `security-gate-ignore` comments suppress: those that give a reason (default), any, or
   * none (only the policy's exceptions and baselines suppress).
   */
  suppressions: { inline: InlineSuppressions };
  /** A scan that reads no file passes instead of failing (default false). */
  allowEmptyScan: boolean;
}

export type InlineSuppressions = 'with-reason' | 'any' | 'off';
