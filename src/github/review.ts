import type { Report } from '../core/report.js';
import type { Git } from '../sources/git.js';
import type { Logger } from '../util/logger.js';
import { GitHubCallError, call } from './call.js';
import { changedLines, type PullRequestRef } from './changed-lines.js';
import type { GitHubClient } from './client.js';
import { planReview, reviewBody, type DraftComment, type ExistingComment } from './review-plan.js';

export interface ReviewOutcome {
  commented: number;
  listed: number;
  alreadyPosted: number;
  deleted: number;
  staleWithReplies: number;
}

/**
 * One review per run with the findings on lines the pull request added (at most 30 inline comments, the
 * rest in the review body); no comment twice across re-runs; this action's comments whose finding is gone
 * are deleted unless someone replied.
 */
export async function publishReview(options: {
  client: GitHubClient;
  pr: PullRequestRef;
  report: Report;
  key: string;
  checkName: string;
  git?: Git;
  detailsUrl?: string;
  log: Logger;
}): Promise<ReviewOutcome> {
  const { client, pr, report, key, log } = options;
  const wanted = new Set(report.findings.map((f) => f.location?.path).filter((p): p is string => !!p));
  const changed = await changedLines({ client, pr, wanted, git: options.git, log });
  if (changed.fromGit.length) log.info(`Changed lines of ${changed.fromGit.length} file(s) without a patch in the API came from git diff.`);
  if (changed.unknown.length) log.info(`No diff for ${changed.unknown.length} file(s) (not in the clone): findings there get no review comment.`);

  const params = { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: 100 };
  const comments = (await call('list the review comments', () => client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', params))) as ExistingComment[];
  const reviews = (await call('list the reviews', () => client.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', params))) as { body?: string | null }[];
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const plan = planReview({ findings: report.findings, changed: changed.lines, comments, reviewBodies: reviews.map((r) => r.body), key, titles });

  if (plan.comments.length || plan.overflow.length) {
    const body = reviewBody(plan, { key, checkName: options.checkName, titles, detailsUrl: options.detailsUrl });
    const create = (inline: DraftComment[], text: string) =>
      call('create the review', () =>
        client.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: pr.owner, repo: pr.repo, pull_number: pr.number, commit_id: pr.headSha, event: 'COMMENT', body: text, comments: inline }),
      );
    try {
      await create(plan.comments, body);
    } catch (error) {
      // GitHub refuses the whole review when one line is outside its diff (a head that moved on since
      // this run started): post the findings as a list instead of losing them.
      if (!(error instanceof GitHubCallError && error.status === 422 && plan.comments.length)) throw error;
      log.info(`GitHub refused the inline comments (${error.detail}); posting them in the review body instead.`);
      const all = { ...plan, overflow: [...report.findings.filter((f) => plan.comments.some((c) => c.body.includes(f.fingerprint))), ...plan.overflow], comments: [] };
      await create([], reviewBody(all, { key, checkName: options.checkName, titles, detailsUrl: options.detailsUrl }));
    }
  }
  for (const id of plan.stale) {
    await call(`delete the outdated review comment ${id}`, () => client.request('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: pr.owner, repo: pr.repo, comment_id: id }));
  }
  return { commented: plan.comments.length, listed: plan.overflow.length, alreadyPosted: plan.alreadyPosted, deleted: plan.stale.length, staleWithReplies: plan.staleWithReplies };
}
