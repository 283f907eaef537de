import { CHECK_SECTIONS } from '../checks/index.js';
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { GitHubReporter } from '../github/reporter.js';
import { loadSavedReport } from '../github/saved-report.js';
import { jobSummary } from '../github/summary.js';
import { pathProblem } from '../util/globs.js';
import { logLine } from '../util/log-line.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import type { RunContext } from './event.js';
import { reportFailures, waitScale } from './github.js';
import type { ActionInputs } from './inputs.js';

/**
 * The second half of the fork pattern: on workflow_run, publish the report a read-only run saved, with
 * this run's write token. Nothing is scanned and no code of the pull request is checked out. The report
 * must be for the commit the triggering run ran on, and its pull request must be at that commit.
 */
export async function publishSaved(inputs: ActionInputs, context: RunContext, workspace: string, log: Logger, redactor: Redactor, env: NodeJS.ProcessEnv): Promise<GitHubReporter | undefined> {
  const triggering = context.workflowRun;
  if (!triggering) throw new Error('input publish-report is for workflow_run events: it publishes the report saved by the run that triggered this one');
  const problem = pathProblem(inputs.publishReport);
  if (problem) throw new Error(`input publish-report ${problem}`);
  const { run: saved, report } = await loadSavedReport(resolve(workspace, inputs.publishReport), inputs.publishReport);
  const repository = context.repository ? `${context.repository.owner}/${context.repository.repo}` : '';
  if (saved.repository.toLowerCase() !== repository.toLowerCase()) {
    throw new Error(`the saved report is for ${saved.repository}, not ${repository}: not publishing it`);
  }
  if (saved.headSha !== triggering.headSha) {
    throw new Error(`the saved report is for commit ${saved.headSha.slice(0, 12)}, but the triggering run ran on ${triggering.headSha.slice(0, 12)}: not publishing it`);
  }
  const repo = context.repository as { owner: string; repo: string };
  const pr = saved.pullRequest;
  const reporter = new GitHubReporter({
    token: inputs.token,
    apiUrl: context.apiUrl,
    target: {
      repo,
      headSha: triggering.headSha,
      pr: pr && pr.headSha === triggering.headSha ? { ...repo, number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha } : undefined,
      runUrl: triggering.htmlUrl,
    },
    checkName: inputs.checkName,
    reviewComments: inputs.reviewComments,
    stickyComment: inputs.stickyComment,
    log,
    warn: (m) => core.warning(logLine(redactor, m)),
    waitScale: waitScale(env),
    localReport: 'in the job summary of this run',
    maxAnnotations: inputs.maxAnnotations,
    sections: CHECK_SECTIONS,
  });
  // The saved report is the scanned run's file, so its texts are the pull request's to choose.
  core.info(logLine(redactor, `Publishing the report of ${saved.event} run on ${triggering.headSha.slice(0, 12)}${pr ? ` (pull request #${pr.number})` : ''}.`));
  await reporter.confirmPullRequest();
  await reporter.start();
  const hint = triggering.htmlUrl ? `Every finding is in the job summary of [the scanning run](${triggering.htmlUrl}).` : undefined;
  await reporter.finish(report, { fullReportHint: hint });
  if (!reporter.annotated) core.info('The check run could not be published; the findings are in the job summary below.');
  await core.summary.addRaw(redactor.scrub(jobSummary(report, { fullReportHint: hint, sections: CHECK_SECTIONS }))).write();
  core.setOutput('conclusion', report.conclusion);
  core.setOutput('verdict', report.verdict);
  core.setOutput('errors', report.counts.error);
  core.setOutput('warnings', report.counts.warning);
  core.setOutput('notices', report.counts.notice);
  core.setOutput('suppressed', report.counts.suppressed);
  core.setOutput('findings', report.findings.length);
  // This job runs on the default branch: failing it would mark that branch, not the pull request. The
  // verdict is the check run's conclusion; only a failure to publish fails this step.
  core.info(`Published: ${report.conclusion} (${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.notice} notice(s)).`);
  reportFailures(reporter, redactor);
  return reporter;
}
