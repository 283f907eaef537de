import { checklistOf } from '../core/checklist.js';
import type { CheckStatus, ChecklistItem, Report, Status } from '../core/report.js';
import { mdCode, mdInline } from '../util/markdown-cell.js';

/** ✅ only what was evaluated and passed; ❔ what could not be looked at; ➖ what the policy turned off. */
export const STATUS_ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', disabled: '➖', error: '❌', 'not-evaluated': '❔' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report's checklist; a report saved by an older version has none, and gets one from its checks. */
export function checklistItems(report: Report): ChecklistItem[] {
  return report.checklist ?? checklistOf({ checks: report.checks, findings: report.findings, failOn: report.policy.failOn });
}

/** What an item's status says, after its text. */
export function itemTail(item: ChecklistItem): string {
  const findings = item.parts.reduce((n, p) => n + p.findings, 0);
  switch (item.status) {
    case 'fail':
    case 'warn':
      return findings ? ` — ${plural(findings, 'finding')}` : item.parts.some((p) => p.status === 'error') ? ' — a check could not run' : '';
    case 'error':
      return ' — a check could not run';
    case 'not-evaluated':
      return ` — not evaluated: ${mdInline((item.reasons ?? []).join('; ') || 'no check could look at it')}`;
    case 'disabled':
      return ' — off (disabled by the policy)';
    default: {
      const off = item.parts.filter((p) => p.status === 'disabled').map((p) => p.check);
      return off.length ? ` (the ${off.join(', ')} part is off)` : '';
    }
  }
}

/** The checklist: what failed or could not be looked at in view, what passed or is off folded. */
export function checklistLines(items: readonly ChecklistItem[]): { shown: string[]; folded: string[]; summary: string } {
  const shown: string[] = [];
  const folded: string[] = [];
  for (const item of items) {
    const line = `- ${STATUS_ICON[item.status]} ${mdInline(item.text)}${itemTail(item)}`;
    if (item.status === 'pass' || item.status === 'disabled') folded.push(line);
    else shown.push(line);
  }
  const passed = items.filter((i) => i.status === 'pass').length;
  const off = items.filter((i) => i.status === 'disabled').length;
  const summary = [passed && `✅ ${passed} passed`, off && `➖ ${off} off`].filter(Boolean).join(' · ');
  return { shown, folded, summary };
}

function checkTail(c: CheckStatus): string {
  switch (c.status) {
    case 'disabled':
      return ' — off (disabled by the policy)';
    case 'error':
      return ` — could not run: ${mdInline(c.error ?? 'unknown error')}`;
    case 'not-evaluated':
      return ` — not evaluated: ${mdInline((c.notEvaluated ?? []).join('; '))}`;
    default:
      return c.findings ? ` — ${plural(c.findings, 'finding')}` : '';
  }
}

/**
 * Every check with its status; under it, its rules with findings and those it could not evaluate, and one
 * line counting the others. Rules can come from the policy (`rules:`), which a pull request may edit, and a
 * published report is the pull request's text throughout: everything but the icons is escaped.
 */
export function checkLines(checks: readonly CheckStatus[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    if (c.id === 'policy' && c.findings === 0) continue;
    lines.push(`- ${STATUS_ICON[c.status]} **${mdInline(c.title)}**${checkTail(c)}${c.suppressed ? ` (${c.suppressed} suppressed)` : ''}`);
    if (c.status === 'disabled' || c.status === 'error') continue;
    const wholeReasons = new Set(c.notEvaluated ?? []);
    for (const r of c.rules) {
      if (r.findings > 0) lines.push(`  - ${STATUS_ICON[r.status]} ${mdCode(r.id)} ${mdInline(r.title)}: ${r.findings}`);
      else if (r.status === 'not-evaluated' && !(c.status === 'not-evaluated' && wholeReasons.has(r.reason ?? ''))) {
        lines.push(`  - ${STATUS_ICON[r.status]} ${mdCode(r.id)} ${mdInline(r.title)} — not evaluated: ${mdInline(r.reason ?? '')}`);
      }
    }
    const passed = c.rules.filter((r) => r.findings === 0 && r.status === 'pass').length;
    const off = c.rules.filter((r) => r.status === 'disabled').length;
    const rest = [passed && `✅ ${plural(passed, 'other rule')} passed`, off && `➖ ${off} off`].filter(Boolean).join(' · ');
    if (rest) lines.push(`  - ${rest}`);
  }
  return lines;
}

/** The checks that could not look at all, for the lines under the verdict. */
export function notEvaluatedLine(checks: readonly CheckStatus[]): string | undefined {
  const blind = checks.filter((c) => c.status === 'not-evaluated');
  if (!blind.length) return undefined;
  return `❔ **Not evaluated** (never counted as passed): ${blind.map((c) => `${mdInline(c.title)} (${mdInline((c.notEvaluated ?? []).join('; '))})`).join(' · ')}`;
}
