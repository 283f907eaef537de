import { relative } from 'node:path';
import type { Check } from '../core/check.js';
import type { FindingInput } from '../core/finding.js';
import { loadPolicy, type LoadedPolicy } from '../policy/load.js';
import { apiOrigin, commitOrigin, workingTreeOrigin, type PolicyOrigin } from '../policy/origin.js';
import { loadPullRequestPolicy, type PolicySource } from '../policy/pull-request.js';
import type { RemoteFetcher } from '../policy/remote.js';
import { Git } from '../sources/git.js';
import type { Logger } from '../util/logger.js';
import type { RunContext } from './event.js';

export interface ActionPolicy {
  loaded: LoadedPolicy;
  /** How the pull request changes the policy (and the workflow that runs the gate). */
  findings: FindingInput[];
  source: PolicySource;
}

export class BaseUnavailableError extends Error {}

/**
 * The policy that judges this run. On pull requests it is the base commit's (read with git, or through the
 * API when the checkout is shallow), so that a pull request cannot switch its own gate off; the policy the
 * pull request brings is validated and compared. Elsewhere it is the checkout's.
 */
export async function loadActionPolicy(options: {
  requested: PolicySource | undefined;
  context: RunContext;
  root: string;
  workspace: string;
  file: string | undefined;
  checks: readonly Check<never>[];
  remote: RemoteFetcher;
  log: Logger;
  env: NodeJS.ProcessEnv;
}): Promise<ActionPolicy> {
  const { context, root, file, checks, remote } = options;
  const pr = context.pullRequest;
  const source = options.requested ?? (pr ? 'base' : 'head');
  const git = await Git.open(root);
  const repository = git?.topLevel ?? options.workspace;
  if (source === 'head' || !pr) {
    if (source === 'base') options.log.info('policy-source base applies to pull requests; this run uses the policy of the checkout.');
    return { loaded: await loadPolicy({ root, file, checks, remote, origin: workingTreeOrigin(root, repository) }), findings: [], source: 'head' };
  }
  const baseOrigin = await baseOriginFor(git, pr.baseSha, context, remote, relative(repository, root).split('\\').join('/'));
  options.log.info(`Policy: ${baseOrigin.label} of the pull request's base branch judges it (policy-source: base).`);
  const { loaded, findings } = await loadPullRequestPolicy({ root, repository, baseOrigin, file, checks, remote });
  const workflow = await workflowChange(git, pr.baseSha, options.env.GITHUB_WORKFLOW_REF, context, repository, root);
  if (workflow) findings.push(workflow);
  return { loaded, findings, source };
}

async function baseOriginFor(git: Git | undefined, baseSha: string, context: RunContext, remote: RemoteFetcher, prefix: string): Promise<PolicyOrigin> {
  if (git && (await git.resolve(baseSha))) return commitOrigin(git, baseSha);
  if (context.repository) return apiOrigin(remote, context.repository, baseSha, prefix === '.' ? '' : prefix);
  throw new BaseUnavailableError(
    `the pull request's base commit ${baseSha.slice(0, 7)} is not in the checkout and the repository is unknown, so its policy cannot be read; check out with fetch-depth: 0, or set policy-source: head to let the pull request's own policy judge it`,
  );
}

/**
 * On pull_request events the runner runs the workflow as the pull request wrote it: a change to the
 * workflow that runs the gate can change its inputs (policy-source, fail-on) or skip it. Reported, so that
 * a reviewer sees it; only a ruleset's required workflow takes it out of the pull request's hands.
 */
async function workflowChange(git: Git | undefined, baseSha: string, workflowRef: string | undefined, context: RunContext, repository: string, root: string): Promise<FindingInput | undefined> {
  if (!git || !workflowRef || !context.repository) return undefined;
  const prefix = `${context.repository.owner}/${context.repository.repo}/`;
  if (!workflowRef.startsWith(prefix)) return undefined;
  const path = workflowRef.slice(prefix.length).replace(/@[^@]*$/, '');
  if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || !(await git.resolve(baseSha))) return undefined;
  try {
    await git.run(['diff', '--quiet', '--no-ext-diff', baseSha, '--', `:(top)${path}`]);
    return undefined;
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode !== 1) return undefined;
  }
  const shown = relative(root, `${repository}/${path}`).split('\\').join('/');
  return {
    ruleId: 'policy/weakened',
    message: `This pull request changes ${path}, the workflow that runs the gate. On pull_request events it runs as the pull request wrote it, so its inputs (policy-source, fail-on, working-directory) and steps are the pull request's to choose: review them. A ruleset's required workflow keeps the gate out of the pull request's hands.`,
    // Findings are placed relative to the scan root; a workflow above it is named in the message only.
    ...(shown.startsWith('..') ? {} : { location: { path: shown, line: 1 } }),
    identity: `workflow:${path}`,
  };
}
