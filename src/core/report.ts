import type { CheckMeta, RuleMeta, ScanScope } from './check.js';
import type { Finding, SuppressedFinding } from './finding.js';
import type { FailOn, Severity } from './severity.js';

export type Verdict = 'pass' | 'fail';
/** The check-run conclusion: `neutral` when only findings below `fail-on` exist. */
export type Conclusion = 'success' | 'neutral' | 'failure';
/**
 * `not-evaluated`: the check (or rule) could not look at what it is about (no reader for the framework, no
 * audit report for the ecosystem, nothing it applies to): never shown as a pass.
 */
export type Status = 'pass' | 'fail' | 'warn' | 'disabled' | 'error' | 'not-evaluated';

export interface RuleStatus {
  id: string;
  title: string;
  severity: Severity | 'off';
  status: Status;
  findings: number;
  suppressed: number;
  /** Why the rule was not evaluated. */
  reason?: string;
}

export interface CheckStatus {
  id: string;
  title: string;
  description: string;
  covers: string[];
  status: Status;
  findings: number;
  suppressed: number;
  rules: RuleStatus[];
  durationMs: number;
  /** Why the check could not run. */
  error?: string;
  /** Why the check, or some of its rules, were not evaluated. */
  notEvaluated?: string[];
}

/** One item of the checklist, once, however many checks cover it; its status joins theirs. */
export interface ChecklistItem {
  text: string;
  status: Status;
  /** What each covering check says of it. */
  parts: { check: string; status: Status; findings: number; reason?: string }[];
  /** Why it was not evaluated (or only partly), from the parts that could not look. */
  reasons?: string[];
}

export interface ScanStats {
  /** Files listed after the policy's ignores. */
  files: number;
  /** Text files read and handed to checks. */
  scanned: number;
  bytes: number;
  ignored: number;
  skipped: { binary: number; tooLarge: number; symlink: number; unreadable: number; other: number };
  /** Text files that were not valid UTF-8 (decoded as Latin-1, still scanned). */
  nonUtf8: number;
  listing: 'git' | 'walk';
  /** Threads that read and scanned files: 1, or the worker threads of a big scan. */
  threads: number;
  durationMs: number;
}

export interface Report {
  tool: { name: string; version: string; informationUri: string };
  root: string;
  scope: ScanScope;
  policy: { file?: string; chain: string[]; defaulted: boolean; failOn: FailOn };
  verdict: Verdict;
  conclusion: Conclusion;
  /** Active findings, in stable order. */
  findings: Finding[];
  suppressed: SuppressedFinding[];
  counts: Record<Severity, number> & { suppressed: number };
  checks: CheckStatus[];
  /** The checklist items of every check, each once (absent in reports saved by older versions). */
  checklist?: ChecklistItem[];
  /** Metadata of every rule that can appear (for SARIF and help links). */
  rules: RuleMeta[];
  checkMetas: CheckMeta[];
  stats: ScanStats;
  /**
   * Files at the repository's root that a finding about the whole repository can point at, where a format
   * needs a file (SARIF for code scanning): among `.gitignore`, `package.json`, `README.md`.
   */
  anchors?: string[];
  /** Things the reader should know about the run itself ("no policy file: ran recommended"). */
  notes: string[];
}
