import type { CheckContext } from '../../core/check.js';
import type { PolicyPath } from '../../core/finding.js';
import { parseAuditText } from './formats/detect.js';
import { dirOf } from './manifest.js';
import type { AuditOutcome, ParsedReport, ReportFormat } from './model.js';
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
  outcome: AuditOutcome;
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

async function readReport(ctx: CheckContext, entry: ReportEntry, index: number, discovery: Discovery): Promise<AuditSource> {
  const path = entry.path.replace(/^\.\//, '');
  const policyPath = ['checks', 'dependencies', 'reports', index];
  const project = projectOf(entry, path, discovery);
  const base = { label: path, policyPath, ...(project ? { project } : {}) };
  const read = await readRepoFile(ctx, path);
  if ('problem' in read) {
    const reason = read.missing ? `${path} does not exist: the workflow step that writes it did not run before the gate, or wrote it elsewhere` : read.problem;
    return { ...base, outcome: { kind: 'unavailable', reason } };
  }
  const hint = project ? managerOf(project) : undefined;
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
  if (outcome.kind === 'report') {
    const stale = await stalenessOf(ctx, path, read.mtimeMs, project);
    if (stale) outcome = { kind: 'unavailable', reason: `the report is older than the lockfile: ${stale}. It audits dependencies that are no longer the ones locked; run the audit again after the lockfile changes`, format: outcome.report.format };
  }
  return { ...base, reportPath: path, outcome };
}

/** Reads the configured reports, and runs the audit of every other lockfile when `run` is on. */
export async function collectAudits(ctx: CheckContext, settings: DependencySettings, discovery: Discovery): Promise<AuditSource[]> {
  const entries = (settings.reports ?? []).map((r) => (typeof r === 'string' ? { path: r } : r));
  const sources = await Promise.all(entries.map((entry, i) => readReport(ctx, entry, i, discovery)));
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
