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
}

/** The checklist view: every check and rule with pass / fail / warn / disabled / error. */
export function checkStatus(meta: CheckMeta, run: CheckRunInfo, kept: readonly Finding[], suppressed: readonly SuppressedFinding[], failOn: FailOn): CheckStatus {
  const mine = kept.filter((f) => f.check === meta.id);
  const mineSuppressed = suppressed.filter((f) => f.check === meta.id);
  const rules: RuleStatus[] = meta.rules.map((rule) => {
    const severity = run.overrides[rule.id] ?? rule.severity;
    const hits = mine.filter((f) => f.ruleId === rule.id);
    return {
      id: rule.id,
      title: rule.title,
      severity,
      status: !run.enabled || severity === 'off' ? 'disabled' : statusOf(hits, failOn),
      findings: hits.length,
      suppressed: mineSuppressed.filter((f) => f.ruleId === rule.id).length,
    };
  });
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
    status: run.error ? 'error' : run.enabled ? statusOf(mine, failOn) : 'disabled',
    findings: mine.length,
    suppressed: mineSuppressed.length,
    rules,
    durationMs: Math.round(run.durationMs),
    ...(run.error ? { error: run.error } : {}),
  };
}
