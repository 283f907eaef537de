import type { CheckMeta, RuleMeta } from '../../core/check.js';
import { ruleConfidence } from './confidence.js';
import { SETTINGS_SCHEMA } from './settings.js';
import type { Confidence, SecretRule } from './types.js';

export const SCOPE_UNAVAILABLE = 'secrets/scope-unavailable';
export const TOO_MANY_FINDINGS = 'secrets/too-many-findings';
export const ALLOW_UNUSED = 'secrets/allow-unused';
export const PATTERN_TIMEOUT = 'secrets/pattern-timeout';

/** Live-credential formats default to critical in GitHub code scanning. */
const DEFAULT_SECURITY_SEVERITY = 9.0;
const PRECISION: Record<Confidence, RuleMeta['precision']> = { high: 'high', medium: 'medium', low: 'low' };

export function ruleMeta(rule: SecretRule): RuleMeta {
  return {
    id: rule.id,
    title: rule.title,
    description: `${rule.title} (${rule.provider}) committed to the repository. Anyone who can read the repository or its history can use it until it is revoked.`,
    severity: rule.severity ?? 'error',
    securitySeverity: rule.securitySeverity ?? DEFAULT_SECURITY_SEVERITY,
    ...(rule.docs ? { helpUri: rule.docs } : {}),
    tags: ['secret', rule.provider.toLowerCase()],
    // A checksum proves the format; the rest is as sure as the rule's confidence.
    precision: rule.checksum !== undefined && ruleConfidence(rule) === 'high' ? 'very-high' : PRECISION[ruleConfidence(rule)],
  };
}

const OWN_RULES: RuleMeta[] = [
  {
    id: SCOPE_UNAVAILABLE,
    title: 'Pull request history not available',
    description:
      'The diff or commits scope could not run because the clone lacks the base, the head or the commits between them (usually a shallow checkout). The tree was scanned instead, and the pull request is not fully checked until the history is fetched (`fetch-depth: 0`).',
    severity: 'error',
    securitySeverity: 5.0,
  },
  {
    id: TOO_MANY_FINDINGS,
    title: 'More secrets than shown',
    description: 'A file (or a commit of a file) holds more findings than `max-findings-per-file`; the rest are counted in this one finding.',
    severity: 'error',
    securitySeverity: 9.0,
  },
  {
    id: PATTERN_TIMEOUT,
    title: 'Policy pattern over its time budget',
    description:
      'A pattern of the policy (`checks.secrets.patterns`, or the `value` of an `allow` entry) ran longer than `time-budget` on a file and was stopped, so that file is not checked by it (or the secret is reported as not allowed). After 3 files over budget the pattern stops running, and one finding counts what it skipped.',
    severity: 'error',
    securitySeverity: 5.0,
  },
  {
    id: ALLOW_UNUSED,
    title: 'Unused allow entry',
    description: 'An entry of `checks.secrets.allow` matched nothing in a full scan; remove it so that it cannot hide a future secret.',
    severity: 'notice',
  },
];

export function checkMeta(rules: readonly SecretRule[]): CheckMeta {
  return {
    id: 'secrets',
    title: 'Committed secrets',
    description: 'Credentials (API keys, tokens, private keys, passwords in URLs and assignments) must not be committed: not in the files, not in what a pull request adds, not in any of its commits.',
    covers: ['No hardcoded secrets'],
    rules: [...rules.map(ruleMeta), ...OWN_RULES],
    settings: SETTINGS_SCHEMA,
  };
}
