import { call } from './call.js';
import type { GitHubClient } from './client.js';
import type { PullRequestRef } from './changed-lines.js';
import { LIMITS, byteLength } from './limits.js';
import { hasSummaryMarker, summaryMarker } from './markers.js';

/**
 * One pull request comment with the short form of the report (the verdict, the rules to fix, the
 * checklist's gaps, a link to the check run), updated in place on every run (found again by its hidden
 * marker and a bot author). Returns what was done.
 */
export async function upsertStickyComment(options: { client: GitHubClient; pr: PullRequestRef; key: string; markdown: (maxBytes: number) => string }): Promise<'created' | 'updated' | 'unchanged'> {
  const { client, pr, key } = options;
  const marker = summaryMarker(key);
  const body = `${options.markdown(LIMITS.commentBytes - byteLength(marker) - 2)}\n${marker}`;
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
