import type { Finding, SuppressedFinding } from '../../core/finding.js';
import type { Report } from '../../core/report.js';
import { cell, mdCode } from '../../util/markdown-cell.js';
import { printable } from '../../util/printable.js';
import { RULES } from './meta.js';
import { ADVISORY_SEVERITIES, type AdvisorySeverity } from './model.js';

/** The shape of `properties` on advisory findings (see gate.ts). */
interface AdvisoryProperties {
  advisory: { id: string; ghsa?: string; title: string; url?: string; severity: AdvisorySeverity; cvssScore?: number; patchedRange?: string };
  package: string;
  versions: string[];
  /** As npm writes them: `a>b>c`. */
  paths: string[];
  pathCount: number;
  via?: string;
  dev?: boolean;
  fix: { available: boolean; name?: string; version?: string; semverMajor?: boolean; command?: string };
  status: 'fail' | 'below-threshold' | 'known' | 'allowed';
}

interface NewPackageProperties {
  package: string;
  spec: string;
  version?: string;
  kind: string;
  newPackageCount: number;
  advisories: { id: string; package: string; severity: AdvisorySeverity }[];
  /** False when no audit covers the package's lockfile: no advisory listed means nothing then. */
  audited?: boolean;
}

const ICON: Record<AdvisorySeverity, string> = { critical: '🟥', high: '🟧', moderate: '🟨', low: '🟦', info: '⬜' };
const STATUS: Record<AdvisoryProperties['status'], string> = { fail: '❌ fails', 'below-threshold': 'listed', known: 'known (base)', allowed: '✅ allowed' };
const ROWS = 50;


/** Package names, ranges and paths come from the repository's lockfiles and audit reports. */
function code(text: string): string {
  return mdCode(text, { table: true });
}

function advisoryOf(f: Finding): AdvisoryProperties | undefined {
  const p = f.properties as AdvisoryProperties | undefined;
  return p && typeof p.advisory === 'object' && typeof p.package === 'string' ? p : undefined;
}

function link(p: AdvisoryProperties): string {
  const label = p.advisory.ghsa ?? p.advisory.id;
  // The URL comes from an audit report, which the repository may have written: only a plain https URL is a link.
  return p.advisory.url && /^https:\/\/[^\s()<>[\]`|\\]+$/.test(p.advisory.url) ? `[${cell(label)}](${p.advisory.url})` : cell(label);
}

/**
 * The dependency section of the Markdown summary: audit status, a table per severity, the advisories
 * with their fix, the fix commands, the pull request's new packages, and what the allowlist accepted.
 * Empty when the dependencies check reported nothing.
 */
export function renderDependencySummary(report: Report): string[] {
  const mine = report.findings.filter((f) => f.check === 'dependencies');
  const allowed = report.suppressed.filter((f): f is SuppressedFinding => f.check === 'dependencies' && !!advisoryOf(f));
  if (!mine.length && !allowed.length) return [];
  const lines: string[] = ['### Dependencies', ''];

  for (const f of mine.filter((x) => x.ruleId === RULES.unavailable)) lines.push(`> ❌ **Audit unavailable.** ${cell(f.message)}`, '');
  for (const f of mine.filter((x) => x.ruleId === RULES.noAudit)) lines.push(`> ❌ **No dependency audit was given.** ${cell(f.message)}`, '');
  // What no audit covers (another lockfile, another ecosystem): the table below does not speak for it.
  if (!mine.some((x) => x.ruleId === RULES.noAudit)) {
    const blind = report.checks.find((c) => c.id === 'dependencies')?.notEvaluated ?? [];
    for (const reason of blind) lines.push(`> ❔ **Not evaluated** (never counted as passed): ${cell(reason)}`, '');
  }

  const advisories = [...mine, ...allowed].map((f) => ({ f, p: advisoryOf(f) })).filter((x): x is { f: Finding; p: AdvisoryProperties } => !!x.p);
  if (advisories.length) {
    lines.push('| Severity | Failing | Listed | Known (base) | Allowed |', '|---|---|---|---|---|');
    for (const severity of [...ADVISORY_SEVERITIES].reverse()) {
      const of = advisories.filter((a) => a.p.advisory.severity === severity);
      if (!of.length) continue;
      const count = (s: AdvisoryProperties['status']) => of.filter((a) => a.p.status === s).length || '—';
      lines.push(`| ${ICON[severity]} ${severity} | ${count('fail')} | ${count('below-threshold')} | ${count('known')} | ${count('allowed')} |`);
    }
    lines.push('');

    const rank = (a: AdvisoryProperties) => ADVISORY_SEVERITIES.indexOf(a.advisory.severity) * 10 + (a.status === 'fail' ? 1 : 0);
    const sorted = [...advisories].sort((a, b) => rank(b.p) - rank(a.p) || (a.p.package < b.p.package ? -1 : a.p.package > b.p.package ? 1 : 0));
    lines.push('| | Package | Advisory | Fix | Path | Status |', '|---|---|---|---|---|---|');
    for (const { p } of sorted.slice(0, ROWS)) {
      const installed = p.versions.length ? `@${p.versions.join(', ')}` : '';
      const cvss = p.advisory.cvssScore !== undefined ? ` (CVSS ${p.advisory.cvssScore})` : '';
      const fix = !p.fix.available ? 'none published' : p.fix.version ? `${p.fix.name && p.fix.name !== p.package ? `${p.fix.name}@` : ''}${p.fix.version}${p.fix.semverMajor ? ' ⚠️ major' : ''}` : 'available';
      const path = p.paths[0] ? `${code(p.paths[0].split('>').join(' › '))}${p.pathCount > 1 ? ` +${p.pathCount - 1}` : ''}` : '—';
      lines.push(`| ${ICON[p.advisory.severity]} | ${code(`${p.package}${installed}`)}${p.dev ? ' (dev)' : ''} | ${link(p)} ${cell(p.advisory.title)}${cvss} | ${cell(fix)} | ${path} | ${STATUS[p.status]} |`);
    }
    if (sorted.length > ROWS) lines.push('', `… and ${sorted.length - ROWS} more (see the JSON or SARIF report).`);
    lines.push('');

    const commands = [...new Set(sorted.filter((a) => a.p.status === 'fail' || a.p.status === 'below-threshold').map((a) => a.p.fix.command).filter((c): c is string => !!c))];
    // One printable line each, so that no command can close the fence.
    if (commands.length) lines.push('**Fix commands**', '', '```sh', ...commands.map((c) => printable(c).replace(/^(\s*)(`{3,}|~{3,})/, '$1# $2')), '```', '');
  }

  const added = mine.filter((f) => f.ruleId === RULES.newPackage).map((f) => ({ f, p: f.properties as unknown as NewPackageProperties }));
  if (added.length) {
    lines.push('**New dependencies in this pull request**', '', '| Package | Range | Locked | Brings | Advisories |', '|---|---|---|---|---|');
    for (const { f, p } of added) {
      const adv = p.advisories.length ? p.advisories.map((a) => `${ICON[a.severity]} ${cell(a.package)} ${cell(a.id)}`).join('<br>') : p.audited === false ? '❔ not audited' : '—';
      const where = f.location ? ` (${cell(f.location.path)})` : '';
      lines.push(`| ${code(p.package)}${p.kind === 'dev' ? ' (dev)' : ''}${where} | ${code(p.spec)} | ${p.version ? cell(p.version) : '—'} | ${p.newPackageCount ? `${p.newPackageCount} new package${p.newPackageCount === 1 ? '' : 's'}` : '—'} | ${adv} |`);
    }
    lines.push('');
  }

  if (allowed.length) {
    lines.push('**Allowed by the policy**', '', '| Advisory | Package | Reason |', '|---|---|---|');
    for (const f of allowed) {
      const p = advisoryOf(f) as AdvisoryProperties;
      lines.push(`| ${link(p)} | ${code(p.package)} | ${cell(f.suppression.reason ?? '—')} |`);
    }
    lines.push('');
  }
  return lines;
}
