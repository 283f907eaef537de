import { validityOf, type SuppressedFinding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { checkLines, checklistItems, checklistLines, notEvaluatedLine } from './markdown-checklist.js';
import { MarkdownBudget } from './markdown-budget.js';
import { cell, mdCode, mdInline } from '../util/markdown-cell.js';
import { groupByRule, liveLines, renderFindings, SEVERITY_ICON } from './markdown-findings.js';
import type { Reporter, RenderOptions } from './types.js';

export { cell };

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function verdictLine(report: Report): string {
  const { counts } = report;
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.notice, 'notice')];
  if (counts.suppressed) parts.push(`${counts.suppressed} suppressed`);
  const gate = report.policy.failOn === 'none' ? 'report only (fail-on: none)' : `fails on ${report.policy.failOn}${report.policy.failOn === 'error' ? '' : ' and above'}`;
  return `${parts.join(' · ')} — ${gate}`;
}

/** The verdict, the notes and what could not be evaluated: always shown, in every form. */
function head(report: Report, options: RenderOptions): string[] {
  const failed = report.verdict === 'fail';
  const lines = [`## ${failed ? '❌' : report.conclusion === 'neutral' ? '⚠️' : '✅'} ${mdInline(report.tool.name)}: ${failed ? 'failed' : 'passed'}`, '', verdictLine(report), ''];
  const notes = [...report.notes, ...(options.notes ?? [])];
  if (report.stats.scanned === 0) notes.unshift('The scan read no file: nothing here was checked, and no check counts as passed.');
  for (const note of notes) lines.push(`> ${mdInline(note)}`, '');
  const blind = notEvaluatedLine(report.checks);
  if (blind) lines.push(blind, '');
  return lines;
}

/** One line per suppression (an exception, a baseline, an allowlist entry, an inline comment's reason). */
function suppressionLines(suppressed: readonly SuppressedFinding[]): string[] {
  const groups = new Map<string, { f: SuppressedFinding; rules: Map<string, number>; count: number }>();
  for (const f of suppressed) {
    const s = f.suppression;
    const where = s.kind === 'inline' ? '' : s.location ? `${s.location.path}:${s.location.line ?? 1}` : '';
    const key = `${s.kind}\0${where}\0${s.reason ?? ''}`;
    const g = groups.get(key) ?? { f, rules: new Map(), count: 0 };
    g.count++;
    g.rules.set(f.ruleId, (g.rules.get(f.ruleId) ?? 0) + 1);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ f, rules, count }) => {
    const s = f.suppression;
    const where = s.kind !== 'inline' && s.location ? ` ${mdCode(`${s.location.path}:${s.location.line ?? 1}`)}` : '';
    const ruleList = [...rules].map(([id, n]) => `${mdCode(id)}${n > 1 ? ` ×${n}` : ''}`).join(', ');
    return `- ${s.kind}${where}: ${plural(count, 'finding')} (${ruleList}) — ${s.reason ? mdInline(s.reason) : 'no reason given'}`;
  });
}

function footer(report: Report): string {
  const s = report.stats;
  const mb = (s.bytes / 1024 / 1024).toFixed(1);
  const skipped = s.skipped.binary + s.skipped.tooLarge + s.skipped.symlink + s.skipped.unreadable;
  return `<sub>${mdInline(`${report.tool.name} ${report.tool.version}`)} · ${s.scanned} files scanned (${mb} MB${skipped ? `, ${skipped} skipped` : ''}) in ${(s.durationMs / 1000).toFixed(1)} s · policy: ${report.policy.file ? mdCode(report.policy.file) : 'defaults'} (${mdInline(report.policy.chain.join(' → '))})</sub>`;
}

/**
 * The full report: the verdict, what to fix (by rule, then file, the first few findings of each rule in
 * view and the rest folded), the checklist (what failed or could not be evaluated in view), then folded:
 * the checks and their rules, the suppressions. Budgeted in bytes: what does not fit is cut with a note.
 */
function full(report: Report, options: RenderOptions): string {
  const max = options.maxBytes ?? Infinity;
  const top = head(report, options);
  const items = checklistLines(checklistItems(report));
  const checklist = ['### Checklist', '', ...items.shown];
  if (items.folded.length) checklist.push('', `<details><summary>${items.summary}</summary>`, '', ...items.folded, '', '</details>');
  checklist.push('');
  const end = footer(report);
  const fixed = [...top, ...checklist, end].join('\n');
  const out = new MarkdownBudget(max - Buffer.byteLength(fixed, 'utf8') - 600);

  const groups = groupByRule(report);
  out.pushAll(liveLines(report, options.links));
  if (groups.length) {
    out.push('### What to fix');
    out.push('');
    renderFindings(out, groups, options.links);
  }
  for (const check of report.checks) {
    const section = options.sections?.[check.id]?.(report) ?? [];
    if (section.length && !out.pushAll(['', ...section, ''])) break;
  }
  const cutFindings = out.omitted;
  const folded = new MarkdownBudget(out.left);
  const checks = checkLines(report.checks);
  if (folded.openDetails('Checks and rules')) {
    for (const line of checks) if (!folded.push(line)) break;
    folded.closeDetails();
  }
  if (report.suppressed.length && folded.openDetails(plural(report.suppressed.length, 'suppressed finding'))) {
    for (const line of suppressionLines(report.suppressed)) if (!folded.push(line)) break;
    folded.closeDetails();
  }
  const omitted = cutFindings + folded.omitted;
  const cut = omitted ? [`> ✂️ ${plural(omitted, 'more line')} of this report ${omitted === 1 ? 'was' : 'were'} cut to fit the size limit.${options.fullReportHint ? ` ${options.fullReportHint}` : ''}`, ''] : [];
  return `${[...top, ...out.lines, ...checklist, ...folded.lines, ...cut, end].join('\n')}\n`;
}

/** The short form (the sticky comment): the verdict, one line per rule to fix, the checklist's gaps. */
function short(report: Report, options: RenderOptions): string {
  const lines = head(report, options);
  const groups = groupByRule(report);
  const live = report.findings.filter((f) => validityOf(f) === 'live').length;
  if (live) lines.push(`**🔑 Rotate now: ${plural(live, 'credential')} verified live by ${live === 1 ? 'its provider' : 'their providers'}** (listed first in the full report).`, '');
  if (groups.length) {
    lines.push('**What to fix**', '');
    for (const g of groups.slice(0, 20)) lines.push(`- ${SEVERITY_ICON[g.severity]} ${mdInline(g.title)} (${mdCode(g.ruleId)}): ${plural(g.findings.length, 'finding')}${g.files > 1 ? ` in ${plural(g.files, 'file')}` : ''}`);
    if (groups.length > 20) lines.push(`- … and ${groups.length - 20} more rules`);
    lines.push('');
  }
  const items = checklistLines(checklistItems(report));
  if (items.shown.length) lines.push('**Checklist**', '', ...items.shown, '');
  if (items.summary) lines.push(`${items.summary} on the checklist.`, '');
  if (options.fullReportHint) lines.push(options.fullReportHint, '');
  return `${lines.join('\n')}\n`;
}

/**
 * The report for people: used for the job summary, the check-run summary, the sticky comment (short form)
 * and `--format markdown`.
 */
export const markdownReporter: Reporter = {
  id: 'markdown',
  extension: 'md',
  render(report, options = {}) {
    return options.form === 'short' ? short(report, options) : full(report, options);
  },
};
