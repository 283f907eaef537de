import { call } from './call.js';
import type { GitHubClient } from './client.js';
import type { PullRequestRef } from './changed-lines.js';
import { LIMITS, fitMarkdown } from './limits.js';
import { hasSummaryMarker, summaryMarker } from './markers.js';

/**
 * One pull request comment with the summary, updated in place on every run (found again by its hidden
 * marker and a bot author). Returns what was done.
 */
export async function upsertStickyComment(options: { client: GitHubClient; pr: PullRequestRef; key: string; markdown: string }): Promise<'created' | 'updated' | 'unchanged'> {
  const { client, pr, key } = options;
  const marker = summaryMarker(key);
  const body = `${fitMarkdown(options.markdown, LIMITS.commentBody - marker.length - 2, 'The summary was cut to fit the size limit; the check run has the full report.')}\n${marker}`;
  const comments = (await call('list the pull request comments', () =>
    client.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 }),
  )) as { id: number; body?: string | null; user?: { type?: string } | null }[];
  const mine = comments.find((c) => c.user?.type === 'Bot' && hasSummaryMarker(c.body, key));
  if (!mine) {
    await call('create the summary comment', () => client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: pr.owner, repo: pr.repo, issue_number: pr.number, body }));
    return 'created';
  }
  if (mine.body === body) return 'unchanged';
  await call('update the summary comment', () => client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: pr.owner, repo: pr.repo, comment_id: mine.id, body }));
  return 'updated';
}
