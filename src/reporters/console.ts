import pc from 'picocolors';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { verdictLine } from './markdown.js';
import type { Reporter } from './types.js';

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

/** A message on one line: every run of white space that holds a line break becomes one space. */
function oneLine(text: string): string {
  return text.includes('\n') ? text.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run)) : text;
}

/** Findings grouped by check and file, coloured on a terminal, with a one-line verdict at the end. */
export const consoleReporter: Reporter = {
  id: 'console',
  extension: 'txt',
  render(report, options = {}) {
    const c = pc.createColors(options.color ?? false);
    const sev: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, notice: c.blue };
    const out: string[] = [];
    const policy = report.policy.file ?? 'no policy file (recommended preset)';
    out.push(c.bold(`${report.tool.name} ${report.tool.version}`) + c.dim(` · ${policy} · ${report.stats.files} files`));
    for (const note of report.notes) out.push(c.dim(`note: ${note}`));
    const grouped = groupFindings(report.findings);
    for (const check of report.checks) {
      const byPath = grouped.get(check.id);
      if (!byPath) continue;
      out.push('', c.bold(c.underline(`${check.title} (${check.id})`)));
      for (const [path, list] of byPath) {
        out.push(`  ${c.bold(path)}`);
        for (const f of list) {
          const pos = f.location?.line ? `${f.location.line}:${f.location.column ?? 1}` : '';
          const commit = f.commit ? c.dim(` [${f.commit.slice(0, 10)}]`) : '';
          out.push(`    ${c.dim(pos.padEnd(8))} ${sev[f.severity](f.severity.padEnd(7))} ${oneLine(f.message)}  ${c.dim(f.ruleId)}${commit}`);
        }
      }
    }
    const failed = report.checks.filter((ch) => ch.error);
    for (const ch of failed) out.push('', c.red(`The ${ch.id} check could not run: ${ch.error}`));
    out.push('');
    const verdict = report.verdict === 'fail' ? c.red(c.bold('✖ FAIL')) : c.green(c.bold('✔ PASS'));
    out.push(`${verdict}  ${verdictLine(report)}`);
    return `${out.join('\n')}\n`;
  },
};
