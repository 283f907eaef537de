import type { CheckMeta, RuleMeta } from './check.js';
import type { Finding, SuppressedFinding } from './finding.js';
import type { CheckStatus, RuleStatus, Status } from './report.js';
import { failsGate, type FailOn, type Severity } from './severity.js';

export function statusOf(findings: readonly Finding[], failOn: FailOn): Status {
  if (findings.some((f) => failsGate(f.severity, failOn))) return 'fail';
  return findings.length ? 'warn' : 'pass';
}

export interface CheckRunInfo {
  enabled: boolean;
  overrides: Record<string, Severity | 'off'>;
  error?: string;
  durationMs: number;
  /** What the check said it could not evaluate: the whole check (`rules` undefined) or some rules. */
  notEvaluated?: readonly { reason: string; rules?: readonly string[] }[];
}

/** A status with findings is what the findings say; without, a rule that could not look is not a pass. */
function judged(findings: readonly Finding[], failOn: FailOn, unevaluated: string | undefined): Status {
  if (!findings.length && unevaluated !== undefined) return 'not-evaluated';
  return statusOf(findings, failOn);
}

/** The checklist view: every check and rule with pass / fail / warn / disabled / error. */
export function checkStatus(meta: CheckMeta, run: CheckRunInfo, kept: readonly Finding[], suppressed: readonly SuppressedFinding[], failOn: FailOn): CheckStatus {
  const mine = kept.filter((f) => f.check === meta.id);
  const mineSuppressed = suppressed.filter((f) => f.check === meta.id);
  const notes = run.notEvaluated ?? [];
  const whole = notes.find((n) => n.rules === undefined)?.reason;
  const reasonFor = (rule: string) => whole ?? notes.find((n) => n.rules?.includes(rule))?.reason;
  const rules: RuleStatus[] = meta.rules.map((rule) => {
    const severity = run.overrides[rule.id] ?? rule.severity;
    const hits = mine.filter((f) => f.ruleId === rule.id);
    const reason = run.enabled && severity !== 'off' ? reasonFor(rule.id) : undefined;
    const status = !run.enabled || severity === 'off' ? 'disabled' : judged(hits, failOn, reason);
    return {
      id: rule.id,
      title: rule.title,
      severity,
      status,
      findings: hits.length,
      suppressed: mineSuppressed.filter((f) => f.ruleId === rule.id).length,
      ...(status === 'not-evaluated' ? { reason } : {}),
    };
  });
  // The check as a whole is not evaluated when it says so, when none of its rules that run could look, or
  // when it has no rule at all (the `rules` check of a policy without rules): it applies to nothing.
  const noneLooked = rules.some((r) => r.status === 'not-evaluated') && rules.every((r) => r.status === 'not-evaluated' || r.status === 'disabled');
  const checkReason = whole ?? (noneLooked ? notes[0]?.reason : meta.rules.length === 0 ? 'there are no rules to evaluate' : undefined);
  // Rules reported without static metadata (policy-defined rules) still get a row.
  for (const id of new Set(mine.map((f) => f.ruleId))) {
    if (rules.some((r) => r.id === id)) continue;
    const hits = mine.filter((f) => f.ruleId === id);
    rules.push({ id, title: id, severity: hits[0]?.severity ?? 'error', status: statusOf(hits, failOn), findings: hits.length, suppressed: 0 });
  }
  return {
    id: meta.id,
    title: meta.title,
    description: meta.description,
    covers: meta.covers,
    status: run.error ? 'error' : run.enabled ? judged(mine, failOn, checkReason) : 'disabled',
    findings: mine.length,
    suppressed: mineSuppressed.length,
    rules,
    durationMs: Math.round(run.durationMs),
    ...(run.error ? { error: run.error } : {}),
    ...(run.enabled && (notes.length || checkReason) ? { notEvaluated: [...new Set([...notes.map((n) => n.reason), ...(checkReason ? [checkReason] : [])])] } : {}),
  };
}

/**
 * The `rules` check's rules are the policy's own (`rules:`): each gets a row, so that a rule that found
 * nothing shows as passed, and a `rules` check with none shows as having nothing to evaluate.
 */
export function withPolicyRules(meta: CheckMeta, policyRules: readonly Record<string, unknown>[]): CheckMeta {
  if (meta.id !== 'rules') return meta;
  const own: RuleMeta[] = policyRules
    .filter((r) => typeof r.id === 'string')
    .map((r) => ({ id: `rules/${r.id as string}`, title: String(r.message ?? r.id), description: String(r.message ?? r.id), severity: (r.severity as RuleMeta['severity'] | undefined) ?? 'error' }));
  return { ...meta, rules: [...meta.rules, ...own] };
}
