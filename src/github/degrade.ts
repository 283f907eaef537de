import type { GitHubCallError } from './call.js';

/** What the prediction needs to know of the run: its event and where the pull request comes from. */
export interface PullRequestOrigin {
  eventName: string;
  pullRequest?: { headRepo?: string; baseRepo?: string; basePrivate?: boolean };
}

/**
 * Why this run's token will not be able to write, when that is known before trying: a `pull_request`
 * from a fork of a public repository always gets a read-only token and no secrets. (Private repositories
 * can opt in to write tokens for forks, so there the first 403 decides.)
 */
export function predictReadOnly(context: PullRequestOrigin): string | undefined {
  const pr = context.pullRequest;
  if (context.eventName !== 'pull_request' || !pr?.headRepo || !pr.baseRepo) return undefined;
  if (pr.headRepo.toLowerCase() === pr.baseRepo.toLowerCase() || pr.basePrivate !== false) return undefined;
  return `this pull request comes from the fork ${pr.headRepo}, and GitHub gives workflows of fork pull requests a read-only token`;
}

/** A sentence for the fallback warning from the failure that caused it. */
export function fallbackReason(error: GitHubCallError): string {
  if (error.forbidden) return `the token may not write (${error.message}); the job needs \`checks: write\` and \`pull-requests: write\``;
  if (error.unreachable) return `the GitHub API is not reachable (${error.message})`;
  return error.message;
}

/**
 * The switch to local reporting (workflow-command annotations and the job summary). It is announced
 * once, whatever number of calls fail afterwards; the gate's verdict does not depend on it.
 */
export class LocalFallback {
  reason: string | undefined;

  constructor(
    private readonly announce: (message: string) => void,
    private readonly where = 'as workflow-command annotations (GitHub displays about 10 per level on a step) and in the job summary',
  ) {}

  get active(): boolean {
    return this.reason !== undefined;
  }

  use(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.announce(
      `Security Gate reports without the GitHub API: ${reason}. Findings are shown ${this.where}; the gate's verdict is unchanged. See "Fork pull requests" in the Security Gate README.`,
    );
  }
}
