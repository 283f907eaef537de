import { validityOf, type Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { compareSeverity, type Severity } from '../core/severity.js';
import { oneLine } from '../util/printable.js';
import { commitUrl, fileUrl, linked, type RepositoryLinks } from './links.js';
import type { MarkdownBudget } from './markdown-budget.js';
import { mdCode, mdInline } from '../util/markdown-cell.js';

export const SEVERITY_ICON: Record<Severity, string> = { error: '🔴', warning: '🟡', notice: '🔵' };

/** Findings shown in full under each rule; the rest of the rule is folded, one line per file. */
const SHOWN_PER_RULE = 5;
/** Line links on one folded file line. */
const LINES_PER_FILE = 20;
const MESSAGE_CHARS = 300;

export interface RuleGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  findings: Finding[];
  files: number;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings by rule, most severe first, then the rules with most findings; in each, findings in path order. */
export function groupByRule(report: Report): RuleGroup[] {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const groups = new Map<string, RuleGroup>();
  for (const f of report.findings) {
    let g = groups.get(f.ruleId);
    if (!g) groups.set(f.ruleId, (g = { ruleId: f.ruleId, title: titles.get(f.ruleId) ?? f.ruleId, severity: f.severity, findings: [], files: 0 }));
    g.findings.push(f);
    if (compareSeverity(f.severity, g.severity) < 0) g.severity = f.severity;
  }
  for (const g of groups.values()) {
    g.files = new Set(g.findings.map((f) => f.location?.path ?? '')).size;
    // Credentials verified live come first in their rule (the sort is stable: path order otherwise).
    g.findings.sort((a, b) => Number(validityOf(b) === 'live') - Number(validityOf(a) === 'live'));
  }
  const live = (g: RuleGroup) => Number(g.findings.some((f) => validityOf(f) === 'live'));
  return [...groups.values()].sort((a, b) => compareSeverity(a.severity, b.severity) || live(b) - live(a) || b.findings.length - a.findings.length || (a.ruleId < b.ruleId ? -1 : 1));
}

/** Live credentials listed on their own, before anything else to fix. */
const LIVE_SHOWN = 20;

export function liveLines(report: Report, links: RepositoryLinks | undefined): string[] {
  const live = report.findings.filter((f) => validityOf(f) === 'live');
  if (!live.length) return [];
  const lines = [`### 🔑 Rotate now: ${plural(live.length, 'credential')} verified live`, '', 'Their providers accept them: revoke or rotate each one first, then remove it from the code and the history.', ''];
  for (const f of live.slice(0, LIVE_SHOWN)) {
    const place = placeOf(f, links);
    lines.push(`- ${SEVERITY_ICON[f.severity]} ${place ? `${place}: ` : ''}${message(f)}`);
  }
  if (live.length > LIVE_SHOWN) lines.push(`- … and ${live.length - LIVE_SHOWN} more (every one is under What to fix)`);
  lines.push('');
  return lines;
}

function message(f: Finding): string {
  const text = oneLine(f.message);
  return mdInline(text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text);
}

/**
 * Where a finding is, linked: a line of the head's file, or, for a finding only in a commit of the pull
 * request, that commit and the file as it was there (never a line of the current file, which may hold
 * something else now).
 */
export function placeOf(f: Finding, links: RepositoryLinks | undefined): string {
  const loc = f.location;
  if (!loc) return '';
  const where = mdCode(`${loc.path}${loc.line ? `:${loc.line}` : ''}`);
  if (!f.commit) return linked(where, fileUrl(links, loc.path, loc.line));
  const commit = linked(mdCode(f.commit.slice(0, 12)), commitUrl(links, f.commit));
  const there = fileUrl(links, loc.path, loc.line, f.commit);
  return `${mdCode(loc.path)} in commit ${commit}${loc.line ? `, ${linked(`line ${loc.line}`, there)} there` : ''}`;
}

/** Folded lines per file (and commit): the path and its line links, 20 links a line. */
function fileLines(findings: readonly Finding[], links: RepositoryLinks | undefined): string[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.location?.path ?? ''}\0${f.commit ?? ''}`;
    const list = byFile.get(key);
    if (list) list.push(f);
    else byFile.set(key, [f]);
  }
  const out: string[] = [];
  for (const list of byFile.values()) {
    const first = list[0] as Finding;
    const path = first.location?.path;
    if (!path) {
      out.push(...list.map((f) => `- ${message(f)}`));
      continue;
    }
    const lines = list.map((f) => f.location?.line).filter((l): l is number => !!l);
    const file = lines.length ? mdCode(path) : linked(mdCode(path), fileUrl(links, path, undefined, first.commit));
    const head = first.commit ? `${mdCode(path)} in commit ${linked(mdCode(first.commit.slice(0, 12)), commitUrl(links, first.commit))}` : file;
    const link = (l: number) => linked(String(l), fileUrl(links, path, l, first.commit));
    if (!lines.length) out.push(`- ${head}${list.length > 1 ? ` (${list.length})` : ''}`);
    else if (lines.length <= LINES_PER_FILE) out.push(`- ${head}: line${lines.length > 1 ? 's' : ''} ${lines.map(link).join(', ')}`);
    else {
      out.push(`- ${head}: ${lines.length.toLocaleString('en-US')} findings, lines`);
      for (let i = 0; i < lines.length; i += LINES_PER_FILE) out.push(`  - ${lines.slice(i, i + LINES_PER_FILE).map(link).join(', ')}`);
    }
  }
  return out;
}

/** "What to fix": each rule with its count, its first findings in full, the rest folded by file. */
export function renderFindings(out: MarkdownBudget, groups: readonly RuleGroup[], links: RepositoryLinks | undefined): void {
  for (const g of groups) {
    const history = g.findings.filter((f) => f.commit).length;
    const counts = `${plural(g.findings.length, 'finding')}${g.files > 1 ? ` in ${plural(g.files, 'file')}` : ''}${history ? ` (${history} only in commits of the pull request)` : ''}`;
    if (!out.push(`#### ${SEVERITY_ICON[g.severity]} ${mdInline(g.title)} (${mdCode(g.ruleId)}): ${counts}`)) return;
    out.push('');
    for (const f of g.findings.slice(0, SHOWN_PER_RULE)) {
      const place = placeOf(f, links);
      const confidence = typeof f.properties?.confidence === 'string' ? ` _(${mdInline(f.properties.confidence)} confidence)_` : '';
      out.push(`- ${place ? `${place}: ` : ''}${message(f)}${confidence}`);
    }
    const rest = g.findings.slice(SHOWN_PER_RULE);
    if (rest.length) {
      const files = new Set(rest.map((f) => f.location?.path ?? '')).size;
      if (out.openDetails(`${plural(rest.length, 'more finding')}${files > 1 ? ` in ${plural(files, 'file')}` : ''}`)) {
        for (const line of fileLines(rest, links)) if (!out.push(line)) break;
        out.closeDetails();
      }
    }
    out.push('');
  }
}
