import * as core from '@actions/core';
import type { GitHubReporter, ReportTarget } from '../github/reporter.js';
import type { SavedRun } from '../github/saved-report.js';
import { logLine } from '../util/log-line.js';
import type { Redactor } from '../util/redact.js';
import type { RunContext } from './event.js';

/** Where the GitHub API reports go, from the run context; undefined outside a known repository. */
export function reportTarget(context: RunContext): ReportTarget | undefined {
  const repo = context.repository;
  if (!repo || !context.headSha) return undefined;
  const pr = context.pullRequest;
  return {
    repo,
    headSha: context.headSha,
    pr: pr ? { ...repo, number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha } : undefined,
    runUrl: context.runId ? `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${context.runId}` : undefined,
    webUrl: `${context.serverUrl.replace(/\/+$/, '')}/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}`,
  };
}

/** Tests scale the API client's waits (backoff, retry-after, write pacing) down; production leaves it at 1. */
export function waitScale(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SECURITY_GATE_WAIT_SCALE);
  return Number.isFinite(value) && value >= 0 && value <= 1 && env.SECURITY_GATE_WAIT_SCALE !== undefined ? value : 1;
}

/** What a later workflow_run job needs to know about this run to publish its report. */
export function savedRun(context: RunContext): SavedRun {
  const pr = context.pullRequest;
  return {
    event: context.eventName,
    repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : '',
    headSha: context.headSha,
    ...(pr ? { pullRequest: { number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha } } : {}),
  };
}

/** A report that did not reach GitHub fails the step, naming each call that failed. */
export function reportFailures(reporter: GitHubReporter, redactor: Redactor): void {
  if (!reporter.failures.length) return;
  for (const failure of reporter.failures) core.error(logLine(redactor, `Security Gate ${failure.message}`));
  if (reporter.leftInProgress) core.error('Security Gate could not complete its check run, even with a short summary: it stays in progress until a re-run completes it.');
  core.setFailed(`Security Gate could not report to GitHub (${reporter.failures.length} failed call${reporter.failures.length === 1 ? '' : 's'}; see above). The findings are in the annotations and the job summary.`);
}
