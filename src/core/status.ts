import type { CheckMeta } from './check.js';
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
  // The check as a whole is not evaluated when it says so, or when none of its rules that run could look.
  const noneLooked = rules.some((r) => r.status === 'not-evaluated') && rules.every((r) => r.status === 'not-evaluated' || r.status === 'disabled');
  const checkReason = whole ?? (noneLooked ? notes[0]?.reason : undefined);
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
    ...(run.enabled && notes.length ? { notEvaluated: [...new Set(notes.map((n) => n.reason))] } : {}),
  };
}
