// What the policy does with each combination of context and confidence (`checks.secrets.report`): report at
// the rule's severity, cap it at a warning or a notice, or keep it as a candidate that is counted but not
// listed. The defaults come from the realworld bench's tuned repositories (bench/README.md): every
// low-confidence match in application code (9 of 9) and every generic match in tests, documentation, CI,
// development setups and vendored code was a false alarm, while each real problem was a medium- or
// high-confidence match (a committed key, a signing key's published default).
import type { JsonSchema } from '../../core/check.js';
import type { Policy } from '../../policy/types.js';
import { severityRank, type Severity } from '../../core/severity.js';
import { CONFIDENCE_RANK } from './confidence.js';
import { SECRET_CONTEXTS, type SecretContext } from './context.js';
import { CONFIDENCES, type Confidence } from './types.js';

/** `error`: the rule's own severity; `warning`, `notice`: at most that; `off`: a candidate, counted only. */
export type ReportAction = Severity | 'off';
const ACTIONS: readonly ReportAction[] = ['error', 'warning', 'notice', 'off'];

export interface ReportCells {
  high?: ReportAction;
  medium?: ReportAction;
  low?: ReportAction;
  /** Key material (private key blocks): by default as `high`. */
  keys?: ReportAction;
}
/** One context's setting: the lowest confidence reported, or an action per confidence. */
export type ReportSetting = Confidence | ReportCells;
export type ReportSettings = Partial<Record<SecretContext, ReportSetting>>;

export const DEFAULT_REPORT: Readonly<Record<SecretContext, ReportSetting>> = {
  // A typed password in code, a URL password that is a word: counted, listed with --all-candidates.
  source: 'medium',
  // Test suites sign with keys of their own: a key block there is shown, but does not fail the gate.
  test: { high: 'error', keys: 'warning' },
  docs: 'high',
  ci: 'high',
  // Dev containers' keys and key files named for localhost (a key whose certificate proves it local is low).
  dev: { high: 'error', keys: 'warning' },
  // What an example holds is copied into installations: a generated-looking value there is a published key.
  example: 'medium',
  generated: 'high',
};

export const CONTEXT_NAMES: Readonly<Record<SecretContext, string>> = {
  source: 'source code and configuration',
  test: 'test code and fixtures',
  docs: 'documentation',
  ci: 'CI configuration',
  dev: 'development setup',
  example: 'example or template',
  generated: 'generated or vendored code',
};

function cells(setting: ReportSetting): Required<ReportCells> {
  if (typeof setting === 'string') {
    const at = (c: Confidence): ReportAction => (CONFIDENCE_RANK[c] >= CONFIDENCE_RANK[setting] ? 'error' : 'off');
    return { high: at('high'), medium: at('medium'), low: at('low'), keys: at('high') };
  }
  const high = setting.high ?? 'off';
  return { high, medium: setting.medium ?? 'off', low: setting.low ?? 'off', keys: setting.keys ?? high };
}

export interface ReportPolicy {
  /** The action for a finding: `off` keeps it as an unreported candidate. */
  action(context: SecretContext, confidence: Confidence, keyMaterial: boolean): ReportAction;
}

export function reportPolicy(settings: ReportSettings | undefined): ReportPolicy {
  const table = new Map(SECRET_CONTEXTS.map((c) => [c, cells(settings?.[c] ?? DEFAULT_REPORT[c])]));
  return {
    action(context, confidence, keyMaterial) {
      const row = table.get(context) as Required<ReportCells>;
      return keyMaterial && confidence === 'high' ? row.keys : row[confidence];
    },
  };
}

/** The lower of two severities. */
export function capSeverity(severity: Severity, cap: Severity): Severity {
  return severityRank(cap) < severityRank(severity) ? cap : severity;
}

const action = { enum: [...ACTIONS] };
export const REPORT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'What each context reports, by confidence. A context is `source`, `test`, `docs`, `ci`, `dev`, `example` or `generated` (from the path); its value is the lowest confidence reported (`high`, `medium`, `low`), or an action per confidence: `{high: error, medium: warning, low: off, keys: warning}` (`error`: the rule\'s severity; `warning`, `notice`: at most that; `off`: counted as a candidate, not listed; `keys`: private key blocks, by default as `high`). Default: `{source: medium, test: {high: error, keys: warning}, docs: high, ci: high, dev: {high: error, keys: warning}, example: medium, generated: high}`.',
  properties: Object.fromEntries(
    SECRET_CONTEXTS.map((c) => [
      c,
      {
        oneOf: [
          { enum: [...CONFIDENCES] },
          { type: 'object', additionalProperties: false, minProperties: 1, properties: { high: action, medium: action, low: action, keys: action } },
        ],
        errorMessage: `checks.secrets.report.${c} must be high, medium or low, or a map of high/medium/low/keys to error, warning, notice or off`,
      },
    ]),
  ),
};

/** `--all-candidates`: list what the `report` table keeps quiet, as notices (when the check runs at all). */
export function withAllCandidates(policy: Policy, on: boolean | undefined): void {
  const section = policy.checks.secrets;
  if (!on || !section || section.enabled === false) return;
  policy.checks.secrets = { ...section, 'all-candidates': true };
}
