import type { CheckContext } from '../../core/check.js';

/** The lockfile a report audits, with its modification time. */
export interface AuditedLockfile {
  lockfilePath: string;
  lockfileMtimeMs?: number;
}

/** Clock skew and checkout order within a second are not staleness. */
const TOLERANCE_MS = 1000;

async function commitTime(ctx: CheckContext, path: string): Promise<number | undefined> {
  try {
    const out = (await ctx.git?.text(['log', '-1', '--format=%ct', '--', path]))?.trim();
    return out ? Number(out) * 1000 : undefined;
  } catch {
    return undefined;
  }
}

async function isModified(ctx: CheckContext, path: string): Promise<boolean> {
  try {
    return ((await ctx.git?.text(['status', '--porcelain', '--', path])) ?? '').trim() !== '';
  } catch {
    return false;
  }
}

/**
 * Why a report is older than the lockfile it audits, or undefined. A report written by the workflow
 * (untracked) is compared by modification time; a committed report by the commits that last changed each
 * file, since a checkout gives every file the same time.
 */
export async function stalenessOf(ctx: CheckContext, reportPath: string, reportMtimeMs: number, project: AuditedLockfile | undefined): Promise<string | undefined> {
  if (!project || project.lockfileMtimeMs === undefined) return undefined;
  const lockPath = project.lockfilePath;
  const tracked = (path: string) => ctx.files.find((f) => f.path === path)?.tracked === true;
  if (ctx.git && tracked(reportPath) && tracked(lockPath)) {
    const [reportModified, lockModified] = await Promise.all([isModified(ctx, reportPath), isModified(ctx, lockPath)]);
    if (lockModified && !reportModified) return `${lockPath} has uncommitted changes that ${reportPath} does not reflect`;
    if (reportModified || lockModified) return undefined;
    const [reportTime, lockTime] = await Promise.all([commitTime(ctx, reportPath), commitTime(ctx, lockPath)]);
    if (reportTime !== undefined && lockTime !== undefined && lockTime > reportTime) {
      return `${lockPath} was committed after ${reportPath} (${new Date(lockTime).toISOString()} vs ${new Date(reportTime).toISOString()})`;
    }
    return undefined;
  }
  if (reportMtimeMs + TOLERANCE_MS < project.lockfileMtimeMs) {
    return `${reportPath} was written before ${lockPath} last changed (${new Date(reportMtimeMs).toISOString()} vs ${new Date(project.lockfileMtimeMs).toISOString()})`;
  }
  return undefined;
}
