import type { Conclusion } from '../core/report.js';
import { call } from './call.js';
import type { GitHubClient } from './client.js';
import type { CheckAnnotation } from './annotations.js';

export interface Repo {
  owner: string;
  repo: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
}

/** Creates the check run `in_progress` on the commit being gated; returns its id and page. */
export async function startCheckRun(client: GitHubClient, repo: Repo, options: { name: string; headSha: string; detailsUrl?: string; now?: Date }): Promise<{ id: number; url: string }> {
  const { data } = await call('create the check run', () =>
    client.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: options.name,
      head_sha: options.headSha,
      status: 'in_progress',
      started_at: (options.now ?? new Date()).toISOString(),
      ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
      output: { title: 'Scanning…', summary: 'Security Gate is scanning this commit.' },
    }),
  );
  return { id: Number(data.id), url: data.html_url ?? '' };
}

/**
 * Completes the check run: the annotations go 50 per request in sequential updates (each update appends),
 * and the last update carries the conclusion, so the run is never complete with annotations missing.
 */
export async function completeCheckRun(
  client: GitHubClient,
  repo: Repo,
  id: number,
  options: { conclusion: Conclusion; output: CheckRunOutput; batches: readonly CheckAnnotation[][]; now?: () => Date },
): Promise<void> {
  const batches = options.batches.length ? options.batches : [[]];
  let sent = 0;
  for (const [i, annotations] of batches.entries()) {
    const last = i === batches.length - 1;
    const output = { ...options.output, ...(annotations.length ? { annotations: [...annotations] } : {}) };
    const what = last ? 'complete the check run' : `add annotations ${sent + 1}–${sent + annotations.length} to the check run`;
    sent += annotations.length;
    await call(what, () =>
      client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: id,
        output,
        ...(last ? { status: 'completed' as const, conclusion: options.conclusion, completed_at: (options.now?.() ?? new Date()).toISOString() } : {}),
      }),
    );
  }
}
