import * as core from '@actions/core';
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { CHECK_OPTIONS, CHECK_SECTIONS, CHECKS } from '../checks/index.js';
import { untrustedSource } from '../github/origin.js';
import { scan } from '../core/engine.js';
import type { Report } from '../core/report.js';
import { GitHubReporter } from '../github/reporter.js';
import { predictReadOnly } from '../github/degrade.js';
import { serialiseReport } from '../github/saved-report.js';
import { jobSummary } from '../github/summary.js';
import { PolicyError, type PolicyProblem } from '../policy/errors.js';
import { overrideFailOn } from '../policy/overrides.js';
import { githubContentsFetcher } from '../policy/remote.js';
import { sarifReporter } from '../reporters/sarif.js';
import { Git } from '../sources/git.js';
import { pathProblem } from '../util/globs.js';
import type { Logger } from '../util/logger.js';
import { credentialRedactor } from '../checks/secrets/recognise.js';
import { mdCode, mdInline } from '../util/markdown-cell.js';
import { logLine } from '../util/log-line.js';
import type { Redactor } from '../util/redact.js';
import { writeRepositoryFile } from '../util/safe-write.js';
import { emitAnnotations } from './annotations.js';
import { readRunContext, scopeOf } from './event.js';
import { reportFailures, reportTarget, savedRun, waitScale } from './github.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { loadActionPolicy } from './policy.js';
import { publishSaved } from './publish.js';

export { readInputs, reportTarget, type ActionInputs };

function actionLogger(redactor: Redactor): Logger {
  return {
    debug: (m) => core.debug(logLine(redactor, m)),
    info: (m) => core.info(logLine(redactor, m)),
    warn: (m) => core.warning(logLine(redactor, m)),
    error: (m) => core.error(logLine(redactor, m)),
  };
}

/**
 * The action's entry point: start the check run, scan, report through the GitHub API (or, when it cannot
 * be written to, through workflow commands), write the job summary, SARIF and outputs, and fail the step
 * when the gate fails or reporting failed.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = credentialRedactor();
  let reporter: GitHubReporter | undefined;
  try {
    const inputs = readInputs();
    // The runner masks the workflow token; echoing it in an add-mask command would put it on stdout. It is
    // registered for scrubbing so that no message the action writes can carry it.
    if (inputs.token) redactor.add(inputs.token);
    const context = readRunContext(env);
    const workspace = resolve(context.workspace);
    const workingProblem = inputs.workingDirectory === '.' ? undefined : pathProblem(inputs.workingDirectory);
    if (workingProblem) throw new Error(`input working-directory ${workingProblem}`);
    const root = resolve(workspace, inputs.workingDirectory);
    await requireDirectory(root, inputs.workingDirectory);
    // Paths in annotations are relative to the repository (the workspace), not to working-directory.
    const prefix = relative(workspace, root).split('\\').join('/');
    const log = actionLogger(redactor);
    if (inputs.publishReport) {
      reporter = await publishSaved(inputs, context, workspace, log, redactor, env);
      return;
    }
    const target = reportTarget(context);

    reporter = new GitHubReporter({
      token: inputs.token,
      apiUrl: context.apiUrl,
      target,
      checkName: inputs.checkName,
      reviewComments: inputs.reviewComments,
      stickyComment: inputs.stickyComment,
      readOnlyReason: predictReadOnly(context),
      log,
      warn: (m) => core.warning(logLine(redactor, m)),
      waitScale: waitScale(env),
      git: () => Git.open(workspace),
      maxAnnotations: inputs.maxAnnotations,
      sections: CHECK_SECTIONS,
    });
    await reporter.start();

    let selected;
    try {
      const remote = githubContentsFetcher({ apiUrl: context.apiUrl, token: inputs.token || undefined });
      selected = await loadActionPolicy({ requested: inputs.policySource, context, root, workspace, file: inputs.policy || undefined, checks: CHECKS, remote, log, env });
    } catch (error) {
      if (error instanceof PolicyError) {
        await invalidPolicy(error.problems.map((p) => ({ ...p, file: prefixed(prefix, p.file), message: logLine(redactor, p.message) })), reporter);
        reportFailures(reporter, redactor);
        return;
      }
      throw error;
    }
    const { loaded, findings: policyFindings } = selected;
    if (inputs.failOn) overrideFailOn(loaded.policy, inputs.failOn, 'input fail-on');
    for (const option of CHECK_OPTIONS) if (option.input) option.apply(loaded.policy, core.getInput(option.name).trim() || undefined);
    if (loaded.defaulted) core.notice('No security-policy.yml found: the recommended preset ran. Run `npx security-gate init` to write one.');

    const scope = scopeOf(context);
    core.info(`Scanning ${prefix || '.'} (${scope.kind === 'pr' ? `pull request ${scope.base?.slice(0, 7)}...${scope.head?.slice(0, 7)}` : 'full scan'})`);
    // Secret verification never sends the run's own token, nor anything from a fork's pull request.
    const untrusted = untrustedSource(context);
    const verification = { withhold: inputs.token ? [inputs.token] : [], ...(untrusted ? { untrusted } : {}) };
    const report = await scan({ root, loaded, checks: CHECKS, scope, log, redactor, threads: inputs.threads, policyFindings, verification });
    const shown = redactor.scrubDeep(withPrefix(report, prefix));

    const where = [target?.runUrl ? `the job summary of [this workflow run](${target.runUrl})` : '', inputs.sarifFile ? `\`${inputs.sarifFile}\`` : ''].filter(Boolean);
    const checkRunHint = where.length ? `Every finding is in ${where.join(' and in ')}.` : undefined;
    await reporter.finish(shown, { fullReportHint: checkRunHint });
    if (!reporter.annotated) emitAnnotations(shown);
    const summaryHint = inputs.sarifFile ? `The full report is in ${inputs.sarifFile}.` : 'Set the sarif-file input to keep the full report.';
    const links = target?.webUrl ? { repository: target.webUrl, ref: target.headSha } : undefined;
    await core.summary.addRaw(redactor.scrub(jobSummary(shown, { fullReportHint: summaryHint, links, sections: CHECK_SECTIONS }))).write();

    if (inputs.saveReport) {
      await writeWorkspaceFile(workspace, 'save-report', inputs.saveReport, redactor.scrub(serialiseReport(shown, savedRun(context))));
      core.setOutput('report-file', inputs.saveReport);
      core.info(`Report saved to ${inputs.saveReport} for a workflow_run job to publish.`);
    }
    if (inputs.sarifFile) {
      await writeWorkspaceFile(workspace, 'sarif-file', inputs.sarifFile, redactor.scrub(sarifReporter.render(shown)));
      core.setOutput('sarif-file', inputs.sarifFile);
    }
    core.setOutput('conclusion', report.conclusion);
    core.setOutput('verdict', report.verdict);
    core.setOutput('errors', report.counts.error);
    core.setOutput('warnings', report.counts.warning);
    core.setOutput('notices', report.counts.notice);
    core.setOutput('suppressed', report.counts.suppressed);
    core.setOutput('findings', report.findings.length);

    const line = `${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.notice} notice(s)`;
    if (report.verdict === 'fail') core.setFailed(`Security Gate failed: ${line} (fail-on: ${report.policy.failOn}).`);
    else core.info(`Security Gate passed: ${line}.`);
    reportFailures(reporter, redactor);
  } catch (error) {
    const message = logLine(redactor, `Security Gate could not run: ${(error as Error).message}`);
    // An input that is wrong is still said where the pull request looks: on a check run of the commit.
    reporter ??= await lateReporter(env, redactor);
    await reporter?.complete('failure', { title: 'Security Gate could not run', summary: `## ❌ Security Gate could not run\n\n${mdInline(message)}\n` });
    core.setOutput('conclusion', 'failure');
    core.setFailed(message);
    if (reporter) reportFailures(reporter, redactor);
  }
}

/**
 * A reporter for a run that failed before it had one (an invalid input): when the token and the commit
 * are known, it creates the check run, so that the failure is completed on it rather than missing. Not on
 * workflow_run, whose commit is the default branch's.
 */
async function lateReporter(env: NodeJS.ProcessEnv, redactor: Redactor): Promise<GitHubReporter | undefined> {
  const token = core.getInput('token');
  if (!token) return undefined;
  redactor.add(token);
  let context;
  try {
    context = readRunContext(env);
  } catch {
    return undefined;
  }
  if (context.eventName === 'workflow_run') return undefined;
  const reporter = new GitHubReporter({
    token,
    apiUrl: context.apiUrl,
    target: reportTarget(context),
    checkName: core.getInput('check-name') || 'Security Gate',
    reviewComments: false,
    stickyComment: false,
    readOnlyReason: predictReadOnly(context),
    log: actionLogger(redactor),
    warn: (m) => core.warning(logLine(redactor, m)),
    waitScale: waitScale(env),
  });
  await reporter.start();
  return reporter;
}

/** A report file in the workspace, written so that nothing the checkout commits (a symlink) can redirect it. */
async function writeWorkspaceFile(workspace: string, input: string, file: string, text: string): Promise<void> {
  const problem = pathProblem(file);
  if (problem) throw new Error(`input ${input} ${problem}`);
  await writeRepositoryFile(workspace, resolve(workspace, file), text, { overwrite: true, shown: `input ${input} (${file})` });
}

/** A working-directory that is missing or not a directory fails the step: never an empty scan that passes. */
async function requireDirectory(root: string, input: string): Promise<void> {
  const stats = await stat(root).catch(() => undefined);
  if (!stats) throw new Error(`input working-directory ${input}: no such directory in the workspace`);
  if (!stats.isDirectory()) throw new Error(`input working-directory ${input} is a file, not a directory`);
}

/** An invalid policy fails the gate: its problems annotate the policy file, in the check run or the log. */
async function invalidPolicy(problems: PolicyProblem[], reporter: GitHubReporter): Promise<void> {
  const summary = `## ❌ Security Gate: invalid policy\n\n${problems.map((p) => `- ${mdCode(`${p.file}:${p.line}:${p.column}`)} ${mdInline(p.message)}`).join('\n')}\n`;
  const annotations = problems.map((p) => ({
    path: p.file,
    start_line: p.line,
    end_line: p.line,
    start_column: p.column,
    end_column: p.column,
    annotation_level: 'failure' as const,
    title: 'Invalid security policy',
    message: p.message,
  }));
  const batches = [];
  for (let i = 0; i < annotations.length; i += 50) batches.push(annotations.slice(i, i + 50));
  const title = `Invalid policy: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  await reporter.complete('failure', { title, summary }, batches);
  if (!reporter.annotated) {
    for (const p of problems) core.error(p.message, { title: 'Invalid security policy', file: p.file, startLine: p.line, startColumn: p.column });
  }
  core.setOutput('conclusion', 'failure');
  await core.summary.addRaw(summary).write();
  core.setFailed(`The security policy is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); see the annotations.`);
}

function prefixed(prefix: string, path: string): string {
  return prefix ? `${prefix}/${path}` : path;
}

/** The same report with paths relative to the repository root instead of working-directory. */
function withPrefix(report: Report, prefix: string): Report {
  if (!prefix) return report;
  const move = <T extends { location?: { path: string } }>(f: T): T => (f.location ? { ...f, location: { ...f.location, path: prefixed(prefix, f.location.path) } } : f);
  return {
    ...report,
    findings: report.findings.map(move),
    suppressed: report.suppressed.map(move),
    policy: { ...report.policy, file: report.policy.file && prefixed(prefix, report.policy.file) },
    anchors: report.anchors?.map((a) => prefixed(prefix, a)),
  };
}
