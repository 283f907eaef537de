import type { CheckContext } from '../../core/check.js';
import type { FindingInput } from '../../core/finding.js';
import { compileAllowlist } from './allowlist.js';
import { collectAudits } from './audits.js';
import { readBase, type BaseState } from './base.js';
import { locate, type Located } from './enrich.js';
import { allowFindings, advisoryFindings, decide, dedupe, type GateOptions } from './gate.js';
import { installed } from './manifest.js';
import { RULES } from './meta.js';
import { FORMAT_NAMES } from './model.js';
import { discoverProjects } from './project.js';
import { lockfileFindings } from './rules/lockfile.js';
import { newPackageFindings } from './rules/new-packages.js';
import { pinningFindings } from './rules/pinning.js';
import { DEFAULT_FAIL_ON_SEVERITY, type DependencySettings } from './settings.js';

/** The whole check: lockfiles, pinning, audits, the gate, the allowlist and the PR's new packages. */
export async function evaluate(ctx: CheckContext, settings: DependencySettings): Promise<FindingInput[]> {
  const out: FindingInput[] = [];
  const discovery = await discoverProjects(ctx);
  const lockfiles = lockfileFindings(discovery);
  out.push(...lockfiles.findings);
  for (const n of lockfiles.notEvaluated) ctx.notEvaluated(n.reason, n.rules);
  const pinned = settings['require-pinned'];
  if (pinned === true || pinned === 'production') out.push(...pinningFindings(discovery, pinned));

  const audits = await collectAudits(ctx, settings, discovery);
  const hasDependencies = discovery.manifests.some((m) => installed(m).length > 0);
  if (!audits.length && hasDependencies && !settings.run) {
    const count = discovery.manifests.filter((m) => installed(m).length > 0).length;
    out.push({
      ruleId: RULES.noAudit,
      message: `${count} package.json file${count === 1 ? ' declares' : 's declare'} dependencies, but no dependency audit was given, so known vulnerabilities are not checked. Add a workflow step \`npm audit --json > npm-audit.json || true\` (or the pnpm/Yarn equivalent) before the gate and list the file in \`checks.dependencies.reports\`, or set \`run: true\`.`,
      policyPath: ['checks', 'dependencies'],
      identity: 'no-audit',
    });
  }

  // A lockfile that no report covers (a second project of a monorepo) is not audited: say so.
  // osv-scanner scans every lockfile it finds, and lists none when all are clean: it covers them all.
  const osv = audits.some((a) => a.outcome.kind === 'report' && a.outcome.report.format === 'osv-scanner');
  if (audits.length && !settings.run && !osv) {
    const covered = new Set(audits.map((a) => a.project));
    for (const project of discovery.projects) {
      if (covered.has(project)) continue;
      out.push({
        ruleId: RULES.noAudit,
        message: `${project.lockfilePath} is not audited: no report in \`checks.dependencies.reports\` is about it. Add a report for it (with \`project: ${project.dir || '.'}\` when it is written elsewhere), or set \`run: true\`.`,
        location: { path: project.lockfilePath },
        identity: `no-audit|${project.lockfilePath}`,
      });
    }
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
    located.push(...locate(source.outcome.report, source.reportPath ?? source.label, source.project, discovery, ctx.root));
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
  if (base) out.push(...newPackageFindings(discovery, base, decisions));
  return out;
}
