import type { Severity } from '../../core/severity.js';
import type { PatternOutcome } from '../../core/pattern-budget.js';

export type { PatternOutcome };

/**
 * How sure a finding is to be a credential, from its format and value alone (never from where it is):
 * `high` a provider format with a checksum or an unambiguous prefix, or key material; `medium` a
 * provider's value recognised by its key name or structure, or a random-looking value; `low` a generic
 * assignment or a URL password with a weak value.
 */
export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/**
 * A secret-detection rule, as data. The detector (detector.ts) knows nothing about providers; each rule
 * says what its credential looks like.
 */
export interface SecretRule {
  /** `secrets/<provider>-<kind>`, e.g. `secrets/github-pat`. */
  id: string;
  /** What the credential is, for people: "GitHub personal access token (classic)". */
  title: string;
  provider: string;
  /**
   * Lower-case literals, at least one of which occurs in every match (case-insensitively). The cheap
   * prefilter: the pattern only runs near a keyword hit (on its line: at most 256 characters before it and
   * 4 KiB after it; for multiline rules 32 KiB before and 64 KiB after).
   */
  keywords: string[];
  /** The pattern. Flags other than `i` and `m` are managed by the detector. */
  pattern: RegExp;
  /**
   * The capture group (number or name) holding the secret; default: the group named `secret` when there is
   * one, else group 1 when present, else the match. Alternatives that capture the secret in different
   * groups name them `secret`, `secret2`, …; the first that took part is used.
   */
  secretGroup?: number | string;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** A named format check (e.g. 'github-crc32') from validators.ts, for formats that carry a checksum. */
  checksum?: string;
  /** The pattern spans lines (private key blocks); the detector widens its window accordingly. */
  multiline?: boolean;
  /**
   * How far before a keyword hit a match may begin, when less than 256 characters: 0 when every keyword
   * begins the match (a token prefix). Keeps the pattern off the rest of long lines.
   */
  before?: number;
  /** A literal every match contains besides its keyword (`@` in a URL with credentials): windows without it are skipped. */
  requires?: string;
  /** The match may continue on the line after the keyword's (a `name:` line, then its `value:` line). */
  nextLine?: boolean;
  /**
   * How far after a keyword hit a match may end (single-line rules; default 4 KiB): larger for long tokens,
   * smaller to keep a rule that runs on common words off the rest of long lines.
   */
  maxLength?: number;
  /** Only files whose path matches one of these globs (e.g. Kubernetes manifests). */
  paths?: string[];
  /** Characters at the start of the secret that are a published, non-secret prefix (`ghp_` → 4). */
  prefixLength?: number;
  severity?: Severity;
  /** 0–10 for SARIF; default 9.0 for live-credential formats. */
  securitySeverity?: number;
  /** The provider's documentation of the format. */
  docs?: string;
  /**
   * How sure a match is, before its value is judged (confidence.ts): by default `low` for generic rules,
   * `high` for a checksum or a published prefix, `medium` otherwise.
   */
  confidence?: Confidence;
  /** Why this kind of finding matters even where examples live, appended to its message. */
  why?: string;
  /**
   * The secret is a password a person may have chosen (a URL's, a command line's, HTTP Basic's): a weak
   * one (a word, the user name again) makes the match `low`, a generated one `medium`.
   */
  password?: boolean;
  /**
   * Any literal value counts, weak ones too (a default a deployment signs with): only references, templates
   * and placeholder words (`changeme`, `your-secret`) are not reported.
   */
  anyValue?: boolean;
  /** Key material (private key blocks, service account keys): the policy's `report` tables give it its own action. */
  keyMaterial?: boolean;
  /** Where to revoke or rotate the credential. */
  revoke?: string;
  /**
   * Where the vendor ships the value to every client, it is public by design: the value's line matches
   * `line` and the lines around it (8 before, 8 after) match `near`. A Firebase web config's `apiKey` beside
   * its `authDomain`, `google-services.json`'s `current_key`.
   */
  publicWhen?: { line: RegExp; near: RegExp };
  /**
   * The value's shape alone does not identify the credential (a password, a token under a credential-named
   * key): the full false-positive battery applies, and any specific rule wins an overlapping match.
   */
  generic?: boolean;
  /** Breaks ties between overlapping matches of different rules: higher wins (default 0, generic -10). */
  priority?: number;
  /**
   * For rules whose secret group is a block of several secrets (a Kubernetes Secret's `data:`): each match
   * of this pattern inside the block is one secret (its group 1, or the group named `secret`).
   */
  each?: RegExp;
  /**
   * The policy's own pattern (`checks.secrets.patterns`): it runs under the time budget, in a helper
   * thread that can be stopped, never directly.
   */
  fromPolicy?: boolean;
}

/** One credential found in a text. Offsets are into the text that was scanned. */
export interface SecretMatch {
  rule: SecretRule;
  /** The raw secret. Never printed: register it with the Redactor and show `redactSecret(...)`. */
  secret: string;
  /** [start, end) of the secret. */
  start: number;
  end: number;
  /** [start, end) of the whole match (for multi-line blocks, the whole block). */
  matchStart: number;
  matchEnd: number;
  /** The rule's confidence, lowered for a weak value or raised for a random one (confidence.ts). */
  confidence: Confidence;
}

export interface DetectorOptions {
  /** Value allowlist: secrets matching any of these are ignored. */
  allowValues?: RegExp[];
  /** Work counters, incremented by every scan: for tests that check the detector stays linear. */
  stats?: DetectorStats;
  /** Milliseconds a policy pattern may run on one text (all its windows together); default 1000. */
  budgetMs?: number;
}

/** How one scan treats the policy's patterns. */
export interface PatternBudget {
  /** Patterns not to run on this text (they stopped after too many texts over budget). */
  skip?(ruleId: string): boolean;
  /** Receives one outcome per policy pattern with keyword hits in the text. */
  outcomes: PatternOutcome[];
}

/** What a detector did, counted rather than timed. */
export interface DetectorStats {
  /** Characters of text scanned by the keyword prefilter. */
  prefilterChars: number;
  keywordHits: number;
  /** Executions of rule patterns (one per window per rule) and the characters of the windows they ran on. */
  patternRuns: number;
  windowChars: number;
  /** Pattern matches before filtering. */
  candidates: number;
}

export interface Detector {
  readonly rules: readonly SecretRule[];
  /**
   * Every credential in a text, in order of position; `path` selects path-specific rules and context.
   * Without `budget`, a policy pattern that runs over its time budget is an error, never a silent pass.
   */
  scan(text: string, path: string, budget?: PatternBudget): SecretMatch[];
}
