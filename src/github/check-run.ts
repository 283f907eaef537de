import type { Conclusion } from '../core/report.js';
import { call } from './call.js';
import type { GitHubClient } from './client.js';
import type { CheckAnnotation } from './annotations.js';
import { LIMITS, byteLength, clampBytes } from './limits.js';

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

function fitted(output: CheckRunOutput): CheckRunOutput {
  return { title: clampBytes(output.title, LIMITS.titleBytes), summary: clampBytes(output.summary, LIMITS.summaryBytes) };
}

/**
 * Completes the check run. Annotations go 50 per request in sequential updates (each update appends),
 * and the last update carries the conclusion, so the run is never complete with annotations missing.
 * GitHub requires a summary with every output and keeps the last one it gets: the batches before the
 * last carry a one-line progress note, and the full summary is sent once, with the conclusion.
 */
export async function completeCheckRun(
  client: GitHubClient,
  repo: Repo,
  id: number,
  options: { conclusion: Conclusion; output: CheckRunOutput; batches: readonly CheckAnnotation[][]; now?: () => Date },
): Promise<void> {
  const batches = options.batches.length ? options.batches : [[]];
  const total = batches.reduce((n, b) => n + b.length, 0);
  const output = fitted(options.output);
  let sent = 0;
  for (const [i, annotations] of batches.entries()) {
    const last = i === batches.length - 1;
    const range = annotations.length ? `${sent + 1}–${sent + annotations.length} of ${total}` : '';
    const what = last
      ? `complete the check run (${options.conclusion}, a summary of ${byteLength(output.summary).toLocaleString('en-US')} bytes${range ? `, annotations ${range}` : ''})`
      : `add annotations ${range} to the check run`;
    const summary = last ? output.summary : `Adding annotations ${range}…`;
    sent += annotations.length;
    await call(what, () =>
      client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        ...repo,
        check_run_id: id,
        output: { title: output.title, summary, ...(annotations.length ? { annotations: [...annotations] } : {}) },
        ...(last ? { status: 'completed' as const, conclusion: options.conclusion, completed_at: (options.now?.() ?? new Date()).toISOString() } : {}),
      }),
    );
  }
}

/** Completes the check run with a short output and no annotations: the last resort when completing failed. */
export async function closeCheckRun(client: GitHubClient, repo: Repo, id: number, options: { conclusion: Conclusion; output: CheckRunOutput; now?: () => Date }): Promise<void> {
  await call(`complete the check run with a short summary (${options.conclusion})`, () =>
    client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: id,
      status: 'completed' as const,
      conclusion: options.conclusion,
      completed_at: (options.now?.() ?? new Date()).toISOString(),
      output: fitted(options.output),
    }),
  );
}
