import type { PullRequestOrigin } from './degrade.js';

/** What the trust decision needs of the run: its event, the pull request's repositories, a triggering run's event. */
export interface ScanOrigin extends PullRequestOrigin {
  workflowRun?: { event: string };
}

/**
 * Why what this run scans may hold secrets that are not the repository's own, so that none of them may
 * be sent anywhere (secret verification): a pull request from a fork (or whose head repository is gone),
 * and a workflow_run job that a pull request's run triggered. Undefined: the repository's own branches
 * (push, schedule, workflow_dispatch, merge_group, a pull request between two branches of the repository).
 */
export function untrustedSource(context: ScanOrigin): string | undefined {
  const pr = context.pullRequest;
  if (context.eventName === 'pull_request' || context.eventName === 'pull_request_target') {
    if (!pr?.headRepo || !pr.baseRepo) return "the pull request's head repository is unknown (a deleted fork?)";
    if (pr.headRepo.toLowerCase() !== pr.baseRepo.toLowerCase()) return `the pull request comes from the fork ${pr.headRepo}`;
    return undefined;
  }
  if (context.eventName === 'workflow_run' && /^pull_request/.test(context.workflowRun?.event ?? '')) {
    return 'this workflow_run job follows a pull request\'s run, whose content may come from a fork';
  }
  return undefined;
}
