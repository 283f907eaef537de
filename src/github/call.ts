/** A GitHub API call that failed for good (after retries), named so that the log says which one. */
export class GitHubCallError extends Error {
  constructor(
    /** What the call was for and its route: `create the check run (POST /repos/o/r/check-runs)`. */
    readonly call: string,
    /** The HTTP status; undefined when no response came (network failure). */
    readonly status: number | undefined,
    readonly detail: string,
  ) {
    super(`could not ${call}: ${status ? `HTTP ${status} ` : ''}${detail}`);
    this.name = 'GitHubCallError';
  }

  /** The token may not write here (read-only token, fork pull request, missing permission). */
  get forbidden(): boolean {
    return this.status === 403 && !/rate limit/i.test(this.detail);
  }

  /** No response at all: the API is not reachable from this runner. */
  get unreachable(): boolean {
    return this.status === undefined;
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: unknown;
  request?: { method?: string; url?: string };
}

/** The route of a URL, without the host and query: `/repos/o/r/check-runs`. */
function routeOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Runs one API call and turns its failure into a GitHubCallError naming what was being done. */
export async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof GitHubCallError) throw error;
    const e = error as RequestErrorLike;
    // Anything but an Octokit request error is a bug, not a failed call.
    if (typeof e !== 'object' || e === null || !e.request) throw error;
    const route = e.request?.method ? ` (${e.request.method} ${routeOf(e.request.url)})` : '';
    // Octokit reports a failed fetch as status 500 without a response.
    const status = e.response === undefined ? undefined : e.status;
    const detail = (e.message ?? String(error)).replace(/ - https:\/\/docs\.github\.com\S*/, '');
    throw new GitHubCallError(`${what}${route}`, status, detail || 'no details');
  }
}
