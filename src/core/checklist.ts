import type { Coverage } from './check.js';
import type { Finding } from './finding.js';
import type { ChecklistItem, CheckStatus, Status } from './report.js';
import { statusOf } from './status.js';
import type { FailOn } from './severity.js';

type Part = ChecklistItem['parts'][number];

/** An `expect` key the check's section names, under any file (`expect: {.env.production: {DEBUG: "false"}}`). */
function expectsKey(section: Record<string, unknown> | undefined, key: string): boolean {
  const expect = section?.expect;
  if (!expect || typeof expect !== 'object') return false;
  const names = (map: unknown, prefix: string): string[] =>
    map && typeof map === 'object' && !Array.isArray(map)
      ? Object.entries(map as Record<string, unknown>).flatMap(([k, v]) => [prefix + k, ...names(v, `${prefix}${k}.`)])
      : [];
  return Object.values(expect as Record<string, unknown>).some((perFile) => names(perFile, '').includes(key));
}

/** A finding is about an `expect` key when its policy path (`checks.env.expect.<file>.<key…>`) names it. */
function aboutKey(finding: Finding, key: string): boolean {
  if (finding.properties?.key === key) return true;
  const path = finding.policyPath;
  const at = path?.indexOf('expect') ?? -1;
  return !!path && at >= 0 && path.slice(at + 2).join('.') === key;
}

function part(check: CheckStatus, spec: Coverage | undefined, findings: readonly Finding[], failOn: FailOn, section: Record<string, unknown> | undefined): Part {
  const base = { check: check.id, findings: 0 };
  if (check.status === 'disabled') return { ...base, status: 'disabled' };
  if (check.status === 'error') return { ...base, status: 'error', reason: check.error };
  const ids = new Set(spec?.rules ?? check.rules.map((r) => r.id));
  const rules = check.rules.filter((r) => ids.has(r.id));
  if (!rules.length) {
    if (check.status === 'not-evaluated') return { ...base, status: 'not-evaluated', reason: (check.notEvaluated ?? []).join('; ') || 'not evaluated' };
    return { ...base, findings: check.findings, status: check.status };
  }
  const live = rules.filter((r) => r.status !== 'disabled');
  if (!live.length) return { ...base, status: 'disabled' };
  if (spec?.when && section?.[spec.when] === undefined) return { ...base, status: 'not-evaluated', reason: `the policy does not set checks.${check.id}.${spec.when}` };
  if (spec?.expects && !expectsKey(section, spec.expects)) return { ...base, status: 'not-evaluated', reason: `the policy expects no value for ${spec.expects} (checks.${check.id}.expect)` };
  const mine = findings.filter((f) => f.check === check.id && ids.has(f.ruleId) && (!spec?.expects || aboutKey(f, spec.expects)));
  if (mine.length) return { ...base, findings: mine.length, status: statusOf(mine, failOn) };
  const blind = live.filter((r) => r.status === 'not-evaluated');
  if (blind.length) return { ...base, status: 'not-evaluated', reason: [...new Set(blind.map((r) => r.reason ?? 'not evaluated'))].join('; ') };
  if (check.status === 'not-evaluated') return { ...base, status: 'not-evaluated', reason: (check.notEvaluated ?? []).join('; ') || 'not evaluated' };
  return { ...base, status: 'pass' };
}

const RANK: Record<Status, number> = { error: 5, fail: 5, warn: 4, 'not-evaluated': 3, pass: 2, disabled: 1 };

/** An item fails when one part does; it passes only when every part that runs looked and passed. */
function join(parts: readonly Part[]): Status {
  if (parts.some((p) => p.status === 'error' || p.status === 'fail')) return 'fail';
  const worst = parts.reduce<Status>((w, p) => (RANK[p.status] > RANK[w] ? p.status : w), 'disabled');
  return worst;
}

/**
 * The checklist: every item of every check's `covers`, once, in first-seen order, judged from the checks
 * that cover it (their `coverage` narrows an item to some rules, or to one `expect` value).
 */
export function checklistOf(options: {
  checks: readonly CheckStatus[];
  findings: readonly Finding[];
  failOn: FailOn;
  coverage?: (check: string) => Readonly<Record<string, Coverage>> | undefined;
  section?: (check: string) => Record<string, unknown> | undefined;
}): ChecklistItem[] {
  const items = new Map<string, Part[]>();
  for (const check of options.checks) {
    for (const text of check.covers) {
      const spec = options.coverage?.(check.id)?.[text];
      const parts = items.get(text) ?? [];
      parts.push(part(check, spec, options.findings, options.failOn, options.section?.(check.id)));
      items.set(text, parts);
    }
  }
  return [...items].map(([text, parts]) => {
    const status = join(parts);
    const reasons = [...new Set(parts.filter((p) => p.status === 'not-evaluated' && p.reason).map((p) => p.reason as string))];
    return { text, status, parts, ...(reasons.length ? { reasons } : {}) };
  });
}
