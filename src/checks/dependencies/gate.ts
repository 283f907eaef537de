import type { CheckContext } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import { decideAllow, type CompiledAllow } from './allowlist.js';
import type { BaseState } from './base.js';
import type { Located } from './enrich.js';
import { fixAdvice } from './fix.js';
import { RULES } from './meta.js';
import { severityIndex, type AdvisorySeverity, type Vulnerability } from './model.js';

export type Status = 'fail' | 'below-threshold' | 'known' | 'allowed' | 'ignored-dev';

export interface Decision {
  located: Located;
  status: Status;
  /** In a PR: whether the PR adds or changes the package (undefined outside new-only). */
  isNew?: boolean;
  allowedBy?: CompiledAllow;
}

export interface GateOptions {
  failOn: Exclude<AdvisorySeverity, 'info'>;
  ignoreDev: boolean;
  /** Set in new-only mode on a PR whose base could be read. */
  base?: BaseState;
}

/** One finding per advisory and package, whatever the number of paths, workspaces and reports. */
export function dedupe(all: readonly Located[]): Located[] {
  const byKey = new Map<string, Located>();
  for (const l of all) {
    const key = `${l.v.ecosystem ?? 'npm'}\0${l.v.advisory.key}\0${l.v.package}`;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, l);
      continue;
    }
    const a = known.v;
    const b = l.v;
    const paths = new Set<string>([...a.paths, ...b.paths]);
    const merged: Vulnerability = {
      ...a,
      versions: [...new Set([...a.versions, ...b.versions])].sort(),
      paths: [...paths],
      ...(a.pathsTruncated || b.pathsTruncated ? { pathsTruncated: true } : {}),
      ...(a.direct || b.direct ? { direct: true } : {}),
      ...(a.dev === true && b.dev === true ? { dev: true } : a.dev === false || b.dev === false ? { dev: false } : {}),
      ...(a.fix?.available || !b.fix ? {} : { fix: b.fix }),
    };
    const better = !known.location.line && l.location.line ? l : known;
    byKey.set(key, { ...better, v: merged });
  }
  return [...byKey.values()];
}

/** Decides what each advisory means for the gate: failing, below the threshold, known, allowed or ignored. */
export function decide(located: readonly Located[], allow: readonly CompiledAllow[], options: GateOptions): Decision[] {
  const threshold = severityIndex(options.failOn);
  return located.map((l) => {
    const allowDecision = decideAllow(l.v, allow);
    for (const entry of allowDecision.pathEntries) entry.used++;
    if (allowDecision.allowedBy) {
      if (!allowDecision.pathEntries.includes(allowDecision.allowedBy)) allowDecision.allowedBy.used++;
      return { located: l, status: 'allowed', allowedBy: allowDecision.allowedBy };
    }
    const v: Vulnerability = { ...l.v, paths: allowDecision.remainingPaths };
    const located2: Located = { ...l, v };
    if (options.ignoreDev && v.dev === true) return { located: located2, status: 'ignored-dev' };
    let isNew: boolean | undefined;
    if (options.base) {
      const versions = l.project ? options.base.versions.get(l.project.lockfilePath) : undefined;
      const before = versions?.get(v.package);
      isNew = !before || v.versions.length === 0 || v.versions.some((ver) => !before.has(ver));
      if (!isNew) return { located: located2, status: 'known', isNew };
    }
    // govulncheck's own verdict: an advisory whose vulnerable code is never called does not affect the code.
    const status: Status = severityIndex(v.advisory.severity) >= threshold && v.reachable !== false ? 'fail' : 'below-threshold';
    return { located: located2, status, ...(isNew !== undefined ? { isNew } : {}) };
  });
}

const SHOWN_PATHS = 3;

export function pathText(path: string): string {
  return path.split('>').join(' > ');
}

function idsText(v: Vulnerability): string {
  const a = v.advisory;
  const ids = [a.ghsa, ...a.cves].filter(Boolean);
  if (!ids.length && a.sourceId) ids.push(a.sourceId);
  return ids.join(', ');
}

/** The words of a finding: what, how bad, which versions, through which path, and how it is fixed. */
export function describeAdvisory(d: Decision, failOn: string): string {
  const { v, via } = d.located;
  const a = v.advisory;
  const versions = v.versions.length ? `@${v.versions.join(', ')}` : '';
  const cvss = a.cvss?.score ? `, CVSS ${a.cvss.score}` : '';
  const sev = a.severityAssumed ? `${a.severity} (assumed: the report gives no severity)` : a.severity;
  const parts = [`${v.package}${versions}: ${a.title} (${sev}${cvss}; ${idsText(v)}).`];
  const range = a.vulnerableRange ? `Vulnerable: ${a.vulnerableRange}` : undefined;
  const patched = a.patchedRange && !/^<0\.0\.0/.test(a.patchedRange) ? `patched: ${a.patchedRange}` : undefined;
  const fix = v.fix;
  const fixText = !fix ? undefined : !fix.available ? 'no fix available' : fix.version ? `fix: ${fix.name ?? v.package}@${fix.version}${fix.semverMajor ? ' (semver-major)' : ''}` : undefined;
  if (range || patched || fixText) parts.push(`${[range, patched, fixText].filter(Boolean).join('; ')}.`);
  if (via) {
    const shown = v.paths.filter((p) => p.includes('>')).slice(0, SHOWN_PATHS).map(pathText);
    const more = v.paths.length - shown.length;
    parts.push(`Pulled in by \`${via}\`: ${shown.join('; ')}${more > 0 ? ` (and ${more} more path${more === 1 ? '' : 's'})` : ''}.`);
  } else if (v.paths.length > 1) {
    parts.push(`Also reached through ${v.paths.filter((p) => p.includes('>')).slice(0, SHOWN_PATHS).map(pathText).join('; ')}.`);
  }
  if (v.note) parts.push(`${v.note}.`);
  if (v.dev === true) parts.push('Dev dependency only.');
  if (d.status === 'known') parts.unshift('Already on the base branch (not changed by this pull request):');
  if (d.status === 'below-threshold') parts.push(v.reachable === false ? 'The code does not reach it: listed, not failing.' : `Below fail-on-severity (${failOn}): listed, not failing.`);
  return parts.join(' ');
}

const RULE_OF: Record<Exclude<Status, 'ignored-dev'>, string> = {
  fail: RULES.vulnerable,
  'below-threshold': RULES.belowThreshold,
  known: RULES.known,
  allowed: RULES.vulnerable,
};

/** Findings for every decision but ignored dev-only ones; allowed ones are reported as suppressed. */
export function advisoryFindings(ctx: CheckContext, decisions: readonly Decision[], options: GateOptions): FindingInput[] {
  const out: FindingInput[] = [];
  const threshold = severityIndex(options.failOn);
  for (const d of decisions) {
    if (d.status === 'ignored-dev') continue;
    const { v, location, manager, report, via } = d.located;
    const advice = fixAdvice(d.located);
    const a = v.advisory;
    const ruleId = d.status === 'allowed' && severityIndex(a.severity) < threshold ? RULES.belowThreshold : RULE_OF[d.status];
    const help = [advice.text, advice.command ? `\n\n\`\`\`sh\n${advice.command}\n\`\`\`` : '', a.url ? `\n\nAdvisory: ${a.url}` : ''].join('');
    const finding: FindingInput = {
      ruleId,
      message: describeAdvisory(d, options.failOn),
      location,
      identity: `${a.key}|${v.package}`,
      help,
      properties: {
        advisory: {
          id: a.key,
          ...(a.ghsa ? { ghsa: a.ghsa } : {}),
          cves: a.cves,
          ...(a.sourceId ? { sourceId: a.sourceId } : {}),
          title: a.title,
          ...(a.url ? { url: a.url } : {}),
          severity: a.severity,
          ...(a.cvss?.score !== undefined ? { cvssScore: a.cvss.score } : {}),
          ...(a.cvss?.vector ? { cvssVector: a.cvss.vector } : {}),
          cwes: a.cwes,
          ...(a.vulnerableRange ? { vulnerableRange: a.vulnerableRange } : {}),
          ...(a.patchedRange ? { patchedRange: a.patchedRange } : {}),
        },
        package: v.package,
        versions: v.versions,
        paths: v.paths.slice(0, 20),
        pathCount: v.paths.length,
        ...(v.pathsTruncated ? { pathsTruncated: true } : {}),
        ...(via ? { via } : {}),
        ...(v.direct !== undefined ? { direct: v.direct } : {}),
        ...(v.dev !== undefined ? { dev: v.dev } : {}),
        fix: { ...(v.fix ?? { available: false }), ...(advice.command ? { command: advice.command } : {}) },
        status: d.status,
        ...(d.isNew !== undefined ? { new: d.isNew } : {}),
        manager,
        report,
        ...(v.ecosystem && v.ecosystem !== 'npm' ? { ecosystem: v.ecosystem } : {}),
        ...(v.reachable !== undefined ? { reachable: v.reachable } : {}),
      },
    };
    if (d.status === 'allowed' && d.allowedBy) {
      const e = d.allowedBy.entry;
      finding.suppression = {
        kind: 'allowlist',
        reason: `${e.reason} (allowed until ${e.expires}, ${ctx.describePolicyPath(['checks', 'dependencies', 'allow', d.allowedBy.index])})`,
      };
    }
    out.push(finding);
  }
  return out;
}

/** What an allow entry names, for messages. */
export function allowLabel(allow: CompiledAllow): string {
  const e = allow.entry;
  return [e.id, e.package && `package ${e.package}${e.version ? `@${e.version}` : ''}`, e.path && `path ${e.path}`].filter(Boolean).join(', ');
}

/** Expired entries, and entries that matched nothing (only when every audit could be read). */
export function allowFindings(allow: readonly CompiledAllow[], decisions: readonly Decision[], auditsComplete: boolean): FindingInput[] {
  const out: FindingInput[] = [];
  for (const a of allow) {
    const what = allowLabel(a);
    const policyPath = ['checks', 'dependencies', 'allow', a.index];
    if (a.expired) {
      const covered = decisions.filter((d) => d.status !== 'allowed' && a.matchesAdvisory(d.located.v) && (!a.matchesPath || d.located.v.paths.some((p) => a.matchesPath?.(p)))).length;
      out.push({
        ruleId: RULES.allowExpired,
        message: `The allow entry for ${what} expired on ${a.entry.expires} and no longer applies ("${a.entry.reason}").${covered ? ` ${covered} advisor${covered === 1 ? 'y it covered counts' : 'ies it covered count'} again.` : ''} Fix the advisory, or renew the entry with a new date and reason.`,
        policyPath,
        identity: `${what}|${a.entry.expires}`,
      });
    } else if (a.used === 0 && auditsComplete) {
      out.push({
        ruleId: RULES.allowStale,
        message: `The allow entry for ${what} matches no advisory in the audit: remove it.`,
        policyPath,
        identity: what,
      });
    }
  }
  return out;
}
