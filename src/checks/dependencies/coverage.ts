import type { AuditSource } from './audits.js';
import { auditStepText, fileOf, kindOf, type OtherProject } from './ecosystems.js';
import { FOR_READERS } from './for-readers.js';
import { installed } from './manifest.js';
import { FORMAT_ECOSYSTEM } from './model.js';
import { managerOf, type Discovery, type Project } from './project.js';

function ecosystemOf(a: AuditSource): string | undefined {
  const format = a.outcome.kind === 'report' ? a.outcome.report.format : a.outcome.format;
  return format ? FORMAT_ECOSYSTEM[format] : undefined;
}

/** What no audit covers: a whole ecosystem, or one lockfile of a monorepo whose other lockfiles are audited. */
export interface AuditGap {
  /** `npm`, or OSV's name of the ecosystem. */
  ecosystem: string;
  files: string[];
  /** Why, and what to add, in words. */
  reason: string;
  /** The identity of the `no-audit` finding, when the policy requires an audit. */
  identity: string;
  /** Set when the gap is one npm lockfile of several. */
  lockfile?: string;
}

const NPM_STEP: Record<string, string> = {
  npm: '`npm audit --json > npm-audit.json || true`',
  pnpm: '`pnpm audit --json > pnpm-audit.json || true`',
  'yarn-classic': '`yarn audit --json > yarn-audit.json || true`',
  'yarn-berry': '`yarn npm audit --all --recursive --json > yarn-audit.json || [ -s yarn-audit.json ]`',
  // The check reads no output of `bun audit`: osv-scanner reads bun.lock.
  bun: '`osv-scanner scan source -r --format json . > osv.json || true`',
};

function listed(files: readonly string[]): string {
  return files.length > 4 ? `${files.slice(0, 4).join(', ')} and ${files.length - 4} more` : files.join(', ');
}

/**
 * The lockfiles and ecosystems no audit covers. osv-scanner scans every lockfile it finds and lists none
 * when all are clean, so a readable osv-scanner report covers them all.
 */
export function auditGaps(discovery: Discovery, others: readonly OtherProject[], audits: readonly AuditSource[], run: boolean): AuditGap[] {
  const gaps: AuditGap[] = [];
  if (audits.some((a) => a.outcome.kind === 'report' && a.outcome.report.format === 'osv-scanner')) return gaps;
  const covered = new Set<Project | OtherProject>();
  for (const a of audits) {
    if (a.project) covered.add(a.project);
    for (const o of a.others ?? []) covered.add(o);
  }
  const npmAudits = audits.some((a) => a.project || !a.others);
  const uncovered = discovery.projects.filter((p) => !covered.has(p));
  if (!npmAudits && !run) {
    const orphans = discovery.orphans.filter((m) => installed(m).length > 0 && !FOR_READERS.test(m.dir)).map((m) => m.path);
    const files = [...uncovered.map((p) => p.lockfilePath), ...orphans];
    if (files.length) {
      const managers = [...new Set(uncovered.map(managerOf))];
      const steps = (managers.length ? managers : ['npm']).map((m) => NPM_STEP[m]).join(', or ');
      gaps.push({
        ecosystem: 'npm',
        files,
        identity: 'no-audit',
        // The gate runs the audit of npm, pnpm and Yarn, not of Bun.
        reason: `no dependency audit was given for npm (${listed(files)}): add a workflow step ${steps} before the gate and list the file in \`checks.dependencies.reports\`${managers.length && managers.every((m) => m === 'bun') ? '' : ', or set `run: true`'}`,
      });
    }
  } else {
    for (const p of uncovered) {
      gaps.push({
        ecosystem: 'npm',
        files: [p.lockfilePath],
        lockfile: p.lockfilePath,
        identity: `no-audit|${p.lockfilePath}`,
        reason: `${p.lockfilePath} is not audited: no report in \`checks.dependencies.reports\` is about it (add one, with \`project: ${p.dir || '.'}\` when it is written elsewhere${run ? '' : ', or set `run: true`'})`,
      });
    }
  }
  const byEcosystem = new Map<string, OtherProject[]>();
  for (const o of others) if (!covered.has(o)) byEcosystem.set(o.ecosystem, [...(byEcosystem.get(o.ecosystem) ?? []), o]);
  for (const [ecosystem, projects] of byEcosystem) {
    const kind = kindOf(ecosystem);
    const files = projects.map(fileOf);
    const untied = audits.some((a) => a.others?.length === 0 && ecosystemOf(a) === ecosystem);
    const tie = untied ? ' (a report of this ecosystem is there, but there are several projects and the report names none: give it `project:`)' : '';
    const steps = [...new Set(projects.map(auditStepText))];
    const step = steps.length > 2 ? `${steps.slice(0, 2).join(', ')} and the like for the ${steps.length - 2} other project${steps.length === 3 ? '' : 's'}` : steps.join(' and ');
    const osv = ecosystem === 'crates.io' ? '' : ' (or an osv-scanner report)';
    gaps.push({
      ecosystem,
      files,
      identity: `no-audit|${ecosystem}`,
      reason: `no audit report for ${kind?.name ?? ecosystem} (${listed(files)})${tie}: add a workflow step ${step}${osv} before the gate and list the file${projects.length === 1 ? '' : 's'} in \`checks.dependencies.reports\``,
    });
  }
  return gaps;
}
