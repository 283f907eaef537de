import * as core from '@actions/core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { CHECKS } from '../checks/index.js';
import { scan } from '../core/engine.js';
import type { Report } from '../core/report.js';
import { isSeverity, type FailOn } from '../core/severity.js';
import { PolicyError } from '../policy/errors.js';
import { loadPolicy } from '../policy/load.js';
import { githubContentsFetcher } from '../policy/remote.js';
import { markdownReporter } from '../reporters/markdown.js';
import { sarifReporter } from '../reporters/sarif.js';
import { pathProblem } from '../util/globs.js';
import type { Logger } from '../util/logger.js';
import { Redactor } from '../util/redact.js';
import { emitAnnotations } from './annotations.js';
import { readRunContext, scopeOf } from './event.js';

/** The job summary accepts up to 1 MiB; stay under it with room for multi-byte characters. */
const JOB_SUMMARY_LIMIT = 900_000;

export interface ActionInputs {
  policy: string;
  failOn?: FailOn;
  sarifFile: string;
  workingDirectory: string;
  token: string;
}

export function readInputs(): ActionInputs {
  const failOn = core.getInput('fail-on');
  if (failOn && failOn !== 'none' && !isSeverity(failOn)) {
    throw new Error(`input fail-on must be error, warning, notice or none, not "${failOn}"`);
  }
  return {
    policy: core.getInput('policy'),
    failOn: (failOn || undefined) as FailOn | undefined,
    sarifFile: core.getInput('sarif-file'),
    workingDirectory: core.getInput('working-directory') || '.',
    token: core.getInput('token'),
  };
}

function actionLogger(redactor: Redactor): Logger {
  return {
    debug: (m) => core.debug(redactor.scrub(m)),
    info: (m) => core.info(redactor.scrub(m)),
    warn: (m) => core.warning(redactor.scrub(m)),
    error: (m) => core.error(redactor.scrub(m)),
  };
}

/** The action's entry point: scan, report through workflow commands and the job summary, fail the step when the gate fails. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = new Redactor();
  try {
    const inputs = readInputs();
    // The runner already masks the workflow token; echoing it in an add-mask command would put it on stdout.
    const context = readRunContext(env);
    const workspace = resolve(context.workspace);
    const workingProblem = inputs.workingDirectory === '.' ? undefined : pathProblem(inputs.workingDirectory);
    if (workingProblem) throw new Error(`input working-directory ${workingProblem}`);
    const root = resolve(workspace, inputs.workingDirectory);
    // Paths in annotations are relative to the repository (the workspace), not to working-directory.
    const prefix = relative(workspace, root).split('\\').join('/');
    const log = actionLogger(redactor);

    let loaded;
    try {
      const remote = githubContentsFetcher({ apiUrl: context.apiUrl, token: inputs.token || undefined });
      loaded = await loadPolicy({ root, file: inputs.policy || undefined, checks: CHECKS, remote });
    } catch (error) {
      if (error instanceof PolicyError) {
        for (const p of error.problems) {
          core.error(p.message, { title: 'Invalid security policy', file: prefixed(prefix, p.file), startLine: p.line, startColumn: p.column });
        }
        core.setOutput('conclusion', 'failure');
        await core.summary
          .addRaw(`## ❌ Security Gate: invalid policy\n\n${error.problems.map((p) => `- \`${p.file}:${p.line}:${p.column}\` ${p.message}`).join('\n')}\n`)
          .write();
        core.setFailed(`The security policy is invalid (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}); see the annotations.`);
        return;
      }
      throw error;
    }
    if (inputs.failOn) loaded.policy.failOn = inputs.failOn;
    if (loaded.defaulted) core.notice('No security-policy.yml found: the recommended preset ran. Run `npx security-gate init` to write one.');

    const scope = scopeOf(context);
    core.info(`Scanning ${prefix || '.'} (${scope.kind === 'pr' ? `pull request ${scope.base?.slice(0, 7)}...${scope.head?.slice(0, 7)}` : 'full scan'})`);
    const report = await scan({ root, loaded, checks: CHECKS, scope, log, redactor });
    const shown = withPrefix(report, prefix);

    emitAnnotations(shown);
    const hint = inputs.sarifFile ? `The full report is in ${inputs.sarifFile}.` : 'Set the sarif-file input to keep the full report.';
    await core.summary.addRaw(redactor.scrub(markdownReporter.render(shown, { maxLength: JOB_SUMMARY_LIMIT, fullReportHint: hint }))).write();

    if (inputs.sarifFile) {
      const problem = pathProblem(inputs.sarifFile);
      if (problem) throw new Error(`input sarif-file ${problem}`);
      const path = resolve(workspace, inputs.sarifFile);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, redactor.scrub(sarifReporter.render(shown)));
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
  } catch (error) {
    core.setOutput('conclusion', 'failure');
    core.setFailed(redactor.scrub(`Security Gate could not run: ${(error as Error).message}`));
  }
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
  };
}
