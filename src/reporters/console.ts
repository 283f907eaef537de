import pc from 'picocolors';
import { validityOf, type Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { Severity } from '../core/severity.js';
import { inertLines, oneLine, printable } from '../util/printable.js';
import { verdictLine } from './markdown.js';
import { checklistItems } from './markdown-checklist.js';
import type { Reporter } from './types.js';

/** Text from the repository, on one line, inert on its own (a coloured line does not start with it). */
function shown(text: string): string {
  return inertLines(printable(oneLine(text)));
}

/** A path exactly: its line breaks written as `\n`, not folded like a message's. */
function shownPath(path: string): string {
  return inertLines(printable(path));
}

/** Findings by check, then by path (in report order): one pass over the findings. */
function groupFindings(findings: readonly Finding[]): Map<string, Map<string, Finding[]>> {
  const byCheck = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let byPath = byCheck.get(f.check);
    if (!byPath) byCheck.set(f.check, (byPath = new Map()));
    const key = f.location?.path ?? '(repository)';
    const list = byPath.get(key);
    if (list) list.push(f);
    else byPath.set(key, [f]);
  }
  return byCheck;
}

/**
 * Findings grouped by check and file, coloured on a terminal, with a one-line verdict at the end. What
 * the repository controls (paths, messages quoting its code, notes, errors) is made printable first, and
 * no line can pass for a workflow command: the CLI's output is a CI log when it runs in a workflow.
 */
export const consoleReporter: Reporter = {
  id: 'console',
  extension: 'txt',
  render(report, options = {}) {
    const c = pc.createColors(options.color ?? false);
    const sev: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, notice: c.blue };
    const out: string[] = [];
    const policy = report.policy.file === undefined ? 'no policy file (recommended preset)' : shownPath(report.policy.file);
    out.push(c.bold(shown(`${report.tool.name} ${report.tool.version}`)) + c.dim(` · ${policy} · ${report.stats.files} files`));
    for (const note of report.notes) out.push(c.dim(`note: ${shown(note)}`));
    const grouped = groupFindings(report.findings);
    for (const check of report.checks) {
      const byPath = grouped.get(check.id);
      if (!byPath) continue;
      out.push('', c.bold(c.underline(shown(`${check.title} (${check.id})`))));
      for (const [path, list] of byPath) {
        out.push(`  ${c.bold(shownPath(path))}`);
        for (const f of list) {
          const pos = f.location?.line ? `${f.location.line}:${f.location.column ?? 1}` : '';
          const commit = f.commit ? c.dim(` [${shown(f.commit.slice(0, 10))}]`) : '';
          const confidence = typeof f.properties?.confidence === 'string' ? c.dim(` ${shown(f.properties.confidence)}`) : '';
          // A rule without a verifier says nothing here (its validity is unknown: not-supported).
          const validity = f.properties?.validityReason === 'not-supported' ? undefined : validityOf(f);
          const checked = validity ? ` ${validity === 'live' ? c.red(c.bold('LIVE')) : c.dim(validity)}` : '';
          out.push(`    ${c.dim(pos.padEnd(8))} ${sev[f.severity](f.severity.padEnd(7))} ${shown(f.message)}  ${c.dim(shown(f.ruleId))}${confidence}${checked}${commit}`);
        }
      }
    }
    const live = report.findings.filter((f) => validityOf(f) === 'live');
    if (live.length) {
      out.push('', c.red(c.bold(`Rotate now: ${live.length} credential(s) verified live by their providers`)));
      for (const f of live) out.push(`  ${shownPath(f.location?.path ?? '')}${f.location?.line ? `:${f.location.line}` : ''}  ${c.dim(shown(f.ruleId))}`);
    }
    const failed = report.checks.filter((ch) => ch.error);
    for (const ch of failed) out.push('', c.red(`The ${shown(ch.id)} check could not run: ${shown(ch.error ?? '')}`));
    out.push(...statusLines(report, c));
    out.push('');
    const verdict = report.verdict === 'fail' ? c.red(c.bold('✖ FAIL')) : c.green(c.bold('✔ PASS'));
    out.push(`${verdict}  ${verdictLine(report)}`);
    return `${inertLines(out.join('\n'))}\n`;
  },
};

/**
 * What was not evaluated (never a pass) and what the policy turned off, then the checklist's counts and
 * the items it could not vouch for.
 */
function statusLines(report: Report, c: ReturnType<typeof pc.createColors>): string[] {
  const out: string[] = [];
  const blind: string[] = [];
  const off: string[] = [];
  for (const ch of report.checks) {
    if (ch.status === 'not-evaluated') blind.push(`${shown(ch.title)}: ${shown((ch.notEvaluated ?? []).join('; '))}`);
    else if (ch.status === 'disabled') off.push(shown(ch.title));
    if (ch.status === 'disabled' || ch.status === 'not-evaluated' || ch.status === 'error') continue;
    for (const r of ch.rules) {
      if (r.status === 'not-evaluated') blind.push(`${shown(r.id)}: ${shown(r.reason ?? '')}`);
      else if (r.status === 'disabled') off.push(shown(r.id));
    }
  }
  if (blind.length) out.push('', c.yellow(c.bold('Not evaluated (never counted as passed):')), ...blind.map((b) => `  ? ${b}`));
  if (off.length) out.push('', `${c.bold('Off (disabled by the policy):')} ${off.join(', ')}`);
  const items = checklistItems(report);
  if (!items.length) return out;
  const count = (status: string) => items.filter((i) => i.status === status).length;
  const parts = [`${count('fail')} failed`, count('warn') && `${count('warn')} with warnings`, `${count('not-evaluated')} not evaluated`, `${count('pass')} passed`, count('disabled') && `${count('disabled')} off`].filter(Boolean);
  out.push('', `${c.bold('Checklist:')} ${parts.join(' · ')}`);
  for (const item of items.filter((i) => i.status === 'not-evaluated')) out.push(`  ? ${shown(item.text)}: ${shown((item.reasons ?? []).join('; '))}`);
  return out;
}
