import type { CheckContext } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import { compileAllowlist } from './allowlist.js';
import { collectAudits } from './audits.js';
import { auditGaps } from './coverage.js';
import { fileOf, otherProjects } from './ecosystems.js';
import { FOR_READERS } from './for-readers.js';
import { locateOther } from './locate-other.js';
import { readBase, type BaseState } from './base.js';
import { locate, type Located } from './enrich.js';
import { allowFindings, advisoryFindings, decide, dedupe, type GateOptions } from './gate.js';
import { RULES } from './meta.js';
import { FORMAT_NAMES } from './model.js';
import { discoverProjects } from './project.js';
import { lockfileFindings } from './rules/lockfile.js';
import { newPackageFindings } from './rules/new-packages.js';
import { pinningFindings } from './rules/pinning.js';
import { DEFAULT_FAIL_ON_SEVERITY, type DependencySettings } from './settings.js';

/**
 * The rules an audit decides: without one, they are not evaluated. `no-audit` too: it only fails with
 * `require-audit`, and a row saying it passed would read as "an audit is configured".
 */
const ADVISORY_RULES = [RULES.vulnerable, RULES.belowThreshold, RULES.known, RULES.noAudit];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The whole check: lockfiles, pinning, audits, the gate, the allowlist and the PR's new packages. */
export async function evaluate(ctx: CheckContext, settings: DependencySettings): Promise<FindingInput[]> {
  const out: FindingInput[] = [];
  const discovery = await discoverProjects(ctx);
  const lockfiles = lockfileFindings(discovery);
  out.push(...lockfiles.findings);
  for (const n of lockfiles.notEvaluated) ctx.notEvaluated(n.reason, n.rules);
  const pinned = settings['require-pinned'];
  if (pinned === true || pinned === 'production') out.push(...pinningFindings(discovery, pinned));

  const others = otherProjects(ctx);
  // A package.json of an example or a fixture is no project of the repository: its lockfile rules vouch for nothing.
  const ownManifests = discovery.manifests.some((m) => !FOR_READERS.test(m.dir));
  if (pinned === true || pinned === 'production') {
    // require-pinned reads package.json; Go's go.mod requires exact versions, other manifests are not read.
    const unread = others.filter((o) => o.ecosystem !== 'Go').map((o) => o.manifest ?? fileOf(o));
    if (unread.length) {
      const shown = unread.length > 4 ? `${unread.slice(0, 4).join(', ')} and ${unread.length - 4} more` : unread.join(', ');
      ctx.notEvaluated(`require-pinned reads package.json only: the versions declared in ${shown} are not checked`, [RULES.unpinned]);
    }
  }
  const audits = await collectAudits(ctx, settings, discovery, others);
  const gaps = auditGaps(discovery, others, audits, settings.run === true);
  if (settings['require-audit']) {
    for (const gap of gaps) {
      const at = gap.files.length === 1 ? gap.files[0] : gap.lockfile;
      out.push({ ruleId: RULES.noAudit, message: `${capitalise(gap.reason)}. The policy requires an audit (\`require-audit\`).`, ...(at ? { location: { path: at } } : { policyPath: ['checks', 'dependencies', 'require-audit'] }), identity: gap.identity });
    }
  } else {
    // Without an audit the advisories are not known: not evaluated, never passed. Lockfiles of npm, and
    // the audits that were given, are still evaluated: then only the advisory rules are not.
    const somethingChecked = ownManifests || audits.length > 0;
    for (const gap of gaps) ctx.notEvaluated(gap.reason, somethingChecked ? ADVISORY_RULES : undefined);
  }
  if (!ownManifests && !others.length && !audits.length) {
    ctx.notEvaluated('no package.json, lockfile or manifest of another ecosystem (Python, Go, Ruby, PHP, Rust) was found: there are no dependencies to check');
  }

  const located: Located[] = [];
  let complete = audits.length > 0;
  for (const source of audits) {
    if (source.outcome.kind === 'unavailable') {
      complete = false;
      const format = source.outcome.format ? ` (${FORMAT_NAMES[source.outcome.format]})` : '';
      out.push({
        ruleId: RULES.unavailable,
        message: `Dependency audit unavailable — ${source.label}${format}: ${source.outcome.reason.replace(/\.$/, '')}. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.`,
        policyPath: source.policyPath,
        identity: source.label,
        properties: { source: source.label, reason: source.outcome.reason },
      });
      continue;
    }
    const report = source.outcome.report;
    const npm = { ...report, vulnerabilities: report.vulnerabilities.filter((v) => !v.ecosystem || v.ecosystem === 'npm') };
    const rest = { ...report, vulnerabilities: report.vulnerabilities.filter((v) => v.ecosystem && v.ecosystem !== 'npm') };
    located.push(...locate(npm, source.reportPath ?? source.label, source.project, discovery, ctx.root));
    located.push(...(await locateOther(ctx, rest, source.reportPath ?? source.label, source.others?.length ? source.others : others)));
  }

  const newOnly = settings['new-only'] === true;
  let base: BaseState | undefined;
  const inPr = ctx.scope.kind === 'pr' && !!ctx.scope.base;
  if (inPr) {
    const read = await readBase(ctx, discovery.projects, discovery.manifests).catch((error: unknown) => `the PR base could not be read: ${(error as Error).message}`);
    if (typeof read === 'string') {
      if (newOnly) {
        out.push({
          ruleId: RULES.baseUnavailable,
          message: `new-only: ${read}. Every advisory is treated as new.`,
          policyPath: ['checks', 'dependencies', 'new-only'],
          identity: 'base-unavailable',
        });
      }
    } else base = read;
  }

  const options: GateOptions = {
    failOn: settings['fail-on-severity'] ?? DEFAULT_FAIL_ON_SEVERITY,
    ignoreDev: settings['ignore-dev'] === true,
    ...(newOnly && base ? { base } : {}),
  };
  const allow = compileAllowlist(settings.allow ?? [], ctx.now);
  const decisions = decide(dedupe(located), allow, options);
  out.push(...advisoryFindings(ctx, decisions, options));
  out.push(...allowFindings(allow, decisions, complete));
  if (base) {
    // A lockfile is audited when no gap names it and its report was read.
    const blind = new Set(gaps.flatMap((g) => (g.ecosystem === 'npm' ? g.files : [])));
    for (const a of audits) if (a.outcome.kind === 'unavailable' && a.project) blind.add(a.project.lockfilePath);
    const unreadable = audits.some((a) => a.outcome.kind === 'unavailable' && !a.project && !a.others);
    out.push(...newPackageFindings(discovery, base, decisions, (lockfile) => !unreadable && !blind.has(lockfile)));
  }
  return out;
}
