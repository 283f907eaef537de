import type { Finding } from '../core/finding.js';
import type { CheckStatus, Report, Status } from '../core/report.js';
import { cell, mdCode, mdInline } from './markdown-cell.js';
import { CHECK_SECTIONS } from './sections.js';
import type { Reporter } from './types.js';

const ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', disabled: '➖', error: '❌', 'not-evaluated': '❔' };
const SEVERITY_ICON = { error: '🔴', warning: '🟡', notice: '🔵' } as const;

export { cell };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function verdictLine(report: Report): string {
  const { counts } = report;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.notice, 'notice')];
  if (counts.suppressed) parts.push(`${counts.suppressed} suppressed`);
  const gate = report.policy.failOn === 'none' ? 'report only (fail-on: none)' : `fails on ${report.policy.failOn}${report.policy.failOn === 'error' ? '' : ' and above'}`;
  return `${parts.join(' · ')} — ${gate}`;
}

/** A finding's place, in a table cell: the path is the repository's text, so it is escaped like any. */
function locationText(f: Finding): string {
  if (!f.location) return '—';
  const line = f.location.line ? `:${f.location.line}` : '';
  return `${mdCode(`${f.location.path}${line}`, { table: true })}${f.commit ? ` (commit ${mdCode(f.commit.slice(0, 10), { table: true })})` : ''}`;
}

/** Counts by check and severity, for the checks that reported anything. */
function countsTable(report: Report): string[] {
  const rows = report.checks.filter((c) => c.findings || c.suppressed);
  if (!rows.length) return [];
  const lines = ['| Check | 🔴 Errors | 🟡 Warnings | 🔵 Notices | Suppressed |', '|---|--:|--:|--:|--:|'];
  for (const c of rows) {
    const n = { error: 0, warning: 0, notice: 0 };
    for (const f of report.findings) if (f.check === c.id) n[f.severity]++;
    lines.push(`| ${cell(c.title)} | ${n.error} | ${n.warning} | ${n.notice} | ${c.suppressed} |`);
  }
  return [...lines, ''];
}

function checklist(checks: CheckStatus[]): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    if (c.id === 'policy' && c.findings === 0) continue;
    const tail =
      c.status === 'disabled' ? ' — disabled'
      : c.status === 'error' ? ' — could not run'
      : c.status === 'not-evaluated' ? ` — not evaluated: ${cell((c.notEvaluated ?? []).join('; '))}`
      : c.findings ? ` — ${plural(c.findings, 'finding')}`
      : '';
    lines.push(`- ${ICON[c.status]} **${mdInline(c.title)}**${tail}${c.suppressed ? ` (${c.suppressed} suppressed)` : ''}`);
    if (c.status === 'disabled') continue;
    for (const item of c.covers) lines.push(`  - ${ICON[c.status === 'error' ? 'fail' : c.status]} ${mdInline(item)}`);
    const noisy = c.rules.filter((r) => r.findings > 0);
    // Rules can come from the policy (`rules:`), which a pull request may edit, and a published report
    // (a fork's saved file) is the pull request's text throughout: everything but the icons is escaped.
    for (const r of noisy) lines.push(`  - ${ICON[r.status]} ${mdCode(r.id)} ${mdInline(r.title)}: ${r.findings}`);
    // Every rule is listed; the quiet ones fold away so that a check with a hundred rules stays readable.
    const quiet = c.rules.filter((r) => r.findings === 0);
    if (!quiet.length) continue;
    const passing = quiet.filter((r) => r.status !== 'disabled').length;
    const off = quiet.length - passing;
    const summary = [passing && `✅ ${plural(passing, 'rule')} with no findings`, off && `➖ ${off} off`].filter(Boolean).join(' · ');
    lines.push(`  - <details><summary>${summary}</summary>`, '');
    for (const r of quiet) lines.push(`    - ${ICON[r.status]} ${mdCode(r.id)} ${mdInline(r.title)}`);
    lines.push('', '    </details>');
  }
  return lines;
}

/**
 * The report for people: verdict, the policy as a live checklist, and findings grouped by check. Used for
 * the job summary, the check-run summary and `--format markdown`.
 */
export const markdownReporter: Reporter = {
  id: 'markdown',
  extension: 'md',
  render(report, options = {}) {
    const max = options.maxLength ?? Infinity;
    const head: string[] = [];
    const failed = report.verdict === 'fail';
    head.push(`## ${failed ? '❌' : report.conclusion === 'neutral' ? '⚠️' : '✅'} ${mdInline(report.tool.name)}: ${failed ? 'failed' : 'passed'}`);
    head.push('');
    head.push(verdictLine(report));
    head.push('');
    head.push(...countsTable(report));
    for (const note of report.notes) head.push(`> ${mdInline(note)}`);
    if (report.notes.length) head.push('');
    head.push('### Checklist', '', ...checklist(report.checks), '');

    const tail: string[] = [];
    const s = report.stats;
    const mb = (s.bytes / 1024 / 1024).toFixed(1);
    const skipped = s.skipped.binary + s.skipped.tooLarge + s.skipped.symlink + s.skipped.unreadable;
    tail.push(
      `<sub>${mdInline(`${report.tool.name} ${report.tool.version}`)} · ${s.scanned} files scanned (${mb} MB${skipped ? `, ${skipped} skipped` : ''}) in ${(s.durationMs / 1000).toFixed(1)} s · policy: ${report.policy.file ? mdCode(report.policy.file) : 'defaults'} (${mdInline(report.policy.chain.join(' → '))})</sub>`,
    );

    const body: string[] = [];
    let budget = max - (head.join('\n').length + tail.join('\n').length + 400);
    let omitted = 0;
    const push = (line: string) => {
      if (line.length + 1 > budget) {
        omitted++;
        return false;
      }
      body.push(line);
      budget -= line.length + 1;
      return true;
    };
    if (report.findings.length) {
      push('### Findings');
      for (const check of report.checks) {
        const mine = report.findings.filter((f) => f.check === check.id);
        if (!mine.length) continue;
        push('');
        push(`#### ${mdInline(check.title)} (${mine.length})`);
        push('');
        push('| | Location | Rule | Message |');
        push('|---|---|---|---|');
        for (const f of mine) {
          const confidence = typeof f.properties?.confidence === 'string' ? ` ${cell(f.properties.confidence)}` : '';
          push(`| ${SEVERITY_ICON[f.severity]} | ${locationText(f)} | ${mdCode(f.ruleId, { table: true })}${confidence} | ${cell(f.message)} |`);
        }
      }
    }
    for (const check of report.checks) {
      const section = CHECK_SECTIONS[check.id]?.(report) ?? [];
      if (section.length) push('');
      for (const line of section) push(line);
    }
    if (report.suppressed.length) {
      push('');
      const opened = push(`<details><summary>${plural(report.suppressed.length, 'suppressed finding')}</summary>`);
      push('');
      push('| Location | Rule | How | Reason |');
      push('|---|---|---|---|');
      for (const f of report.suppressed) {
        push(`| ${locationText(f)} | ${mdCode(f.ruleId, { table: true })} | ${f.suppression.kind} | ${cell(f.suppression.reason ?? '—')} |`);
      }
      // The closing tag is always written: an unclosed <details> would swallow the rest of the page.
      if (opened) body.push('', '</details>');
    }
    if (omitted) {
      body.push('', `> ✂️ ${omitted} more line(s) of findings were cut to fit the size limit.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`);
    }
    return `${[...head, ...body, '', ...tail].join('\n')}\n`;
  },
};
