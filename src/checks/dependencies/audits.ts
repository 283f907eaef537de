import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckContext } from '../../core/check.js';
import type { PolicyPath } from '../../core/finding.js';
import type { OtherProject } from './ecosystems.js';
import { foreignEnvironment } from './audited-scope.js';
import { parseAuditText } from './formats/detect.js';
import { dirOf } from './manifest.js';
import { FORMAT_ECOSYSTEM, type AuditOutcome, type ParsedReport, type ReportFormat } from './model.js';
import { managerOf, type Discovery, type Project } from './project.js';
import { readRepoFile } from './read.js';
import { DEFAULT_AUDIT_REGISTRY } from './registry.js';
import { runAudit } from './run-audit.js';
import { DEFAULT_RUN_TIMEOUT, type DependencySettings, type ReportEntry } from './settings.js';
import { stalenessOf } from './staleness.js';

/** One audit the gate read: a report file, or a run of the package manager. */
export interface AuditSource {
  /** The report path, or the command that ran. */
  label: string;
  /** The report file, when there is one in the repository. */
  reportPath?: string;
  policyPath: PolicyPath;
  project?: Project;
  /** The projects of another ecosystem the report audits (pip-audit, govulncheck, bundler-audit, composer audit). */
  others?: OtherProject[];
  outcome: AuditOutcome;
}

/** The projects of `ecosystem` a report audits: named in the policy, else the nearest at or above it, else the only one. */
function othersOf(entry: ReportEntry, path: string, others: readonly OtherProject[], ecosystem: string): OtherProject[] {
  const mine = others.filter((o) => o.ecosystem === ecosystem);
  if (entry.project !== undefined) {
    const want = entry.project.replace(/^\.\/?/, '').replace(/\/$/, '');
    return mine.filter((o) => o.dir === want);
  }
  let dir = dirOf(path);
  for (;;) {
    const here = mine.filter((o) => o.dir === dir);
    if (here.length) return here;
    if (!dir) break;
    dir = dirOf(dir);
  }
  return mine.length === 1 ? mine : [];
}

async function mtimeOf(ctx: CheckContext, path: string): Promise<number | undefined> {
  try {
    return (await lstat(join(ctx.root, path))).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The project a report audits: named in the policy, or the nearest lockfile at or above the report. */
function projectOf(entry: ReportEntry, path: string, discovery: Discovery): Project | undefined {
  if (entry.project !== undefined) {
    const want = entry.project.replace(/^\.\/?/, '').replace(/\/$/, '');
    return discovery.projects.find((p) => p.dir === want);
  }
  let dir = dirOf(path);
  for (;;) {
    const project = discovery.projects.find((p) => p.dir === dir);
    if (project) return project;
    if (!dir) return undefined;
    dir = dirOf(dir);
  }
}

const EMPTY_FORMAT: Record<string, ReportFormat> = { npm: 'npm7', pnpm: 'pnpm', 'yarn-classic': 'yarn-classic', 'yarn-berry': 'yarn-berry' };

async function readReport(ctx: CheckContext, entry: ReportEntry, index: number, discovery: Discovery, others: readonly OtherProject[]): Promise<AuditSource> {
  const path = entry.path.replace(/^\.\//, '');
  const policyPath = ['checks', 'dependencies', 'reports', index];
  const npmProject = projectOf(entry, path, discovery);
  const base = { label: path, policyPath, ...(npmProject ? { project: npmProject } : {}) };
  const read = await readRepoFile(ctx, path);
  if ('problem' in read) {
    const reason = read.missing ? `${path} does not exist: the workflow step that writes it did not run before the gate, or wrote it elsewhere` : read.problem;
    return { ...base, outcome: { kind: 'unavailable', reason } };
  }
  const hint = npmProject ? managerOf(npmProject) : undefined;
  let outcome: AuditOutcome;
  if (!read.file.text.trim() && entry['allow-empty']) {
    const report: ParsedReport = { format: EMPTY_FORMAT[hint ?? 'yarn-berry'] ?? 'yarn-berry', vulnerabilities: [], deprecations: 0 };
    outcome = { kind: 'report', report };
  } else {
    outcome = parseAuditText(read.file.text, hint ? { hint } : {});
    if (outcome.kind === 'unavailable' && !read.file.text.trim()) {
      outcome = { ...outcome, reason: `${outcome.reason}. Yarn 4 prints nothing when it finds nothing: if this is a Yarn 4 report from a step that fails whenever yarn fails, set \`allow-empty: true\` on it` };
    }
  }
  const format = outcome.kind === 'report' ? outcome.report.format : outcome.format;
  const ecosystem = format ? FORMAT_ECOSYSTEM[format] : undefined;
  if (ecosystem) {
    // A pip-audit, govulncheck, bundler-audit or composer report says nothing about npm lockfiles.
    const covered = othersOf(entry, path, others, ecosystem);
    const lockfiles = await Promise.all(covered.filter((o) => o.lockfile).map(async (o) => ({ lockfilePath: o.lockfile as string, lockfileMtimeMs: await mtimeOf(ctx, o.lockfile as string) })));
    for (const lockfile of lockfiles) {
      if (outcome.kind !== 'report') break;
      const stale = await stalenessOf(ctx, path, read.mtimeMs, lockfile);
      if (stale) outcome = staleOutcome(stale, outcome.report.format);
    }
    if (outcome.kind === 'report') {
      const foreign = await foreignEnvironment(ctx, outcome.report, covered);
      if (foreign) outcome = { kind: 'unavailable', reason: foreign, format: outcome.report.format };
    }
    return { label: path, policyPath, reportPath: path, others: covered, outcome };
  }
  if (outcome.kind === 'report') {
    const stale = await stalenessOf(ctx, path, read.mtimeMs, npmProject?.lockfile ? npmProject : undefined);
    if (stale) outcome = staleOutcome(stale, outcome.report.format);
  }
  return { ...base, reportPath: path, outcome };
}

function staleOutcome(stale: string, format: ReportFormat): AuditOutcome {
  return { kind: 'unavailable', reason: `the report is older than the lockfile: ${stale}. It audits dependencies that are no longer the ones locked; run the audit again after the lockfile changes`, format };
}

/** Reads the configured reports, and runs the audit of every other lockfile when `run` is on. */
export async function collectAudits(ctx: CheckContext, settings: DependencySettings, discovery: Discovery, others: readonly OtherProject[]): Promise<AuditSource[]> {
  const entries = (settings.reports ?? []).map((r) => (typeof r === 'string' ? { path: r } : r));
  const sources = await Promise.all(entries.map((entry, i) => readReport(ctx, entry, i, discovery, others)));
  if (settings.run) {
    const covered = new Set(sources.map((s) => s.project).filter(Boolean));
    const timeout = settings['run-timeout'] ?? DEFAULT_RUN_TIMEOUT;
    const registry = settings.registry ?? DEFAULT_AUDIT_REGISTRY;
    const runs = discovery.projects.filter((p) => !covered.has(p) && p.lockfile);
    for (const project of runs) {
      ctx.log.info(`dependencies: auditing ${project.lockfilePath}`);
      const { command, outcome } = await runAudit({ root: ctx.root, project, manager: managerOf(project), registry, timeoutSeconds: timeout });
      sources.push({ label: `${command}${project.dir ? ` (in ${project.dir})` : ''}`, policyPath: ['checks', 'dependencies', 'run'], project, outcome });
    }
  }
  return sources;
}
