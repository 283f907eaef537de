import type { Report } from '../core/report.js';
import type { Git } from '../sources/git.js';
import type { Logger } from '../util/logger.js';
import { GitHubCallError, call } from './call.js';
import { changedLines, type PullRequestRef } from './changed-lines.js';
import type { GitHubClient } from './client.js';
import type { RepositoryLinks } from '../reporters/links.js';
import { reviewBody } from './review-body.js';
import { planReview, type DraftComment, type ExistingComment } from './review-plan.js';

export interface ReviewOutcome {
  commented: number;
  listed: number;
  alreadyPosted: number;
  deleted: number;
  staleWithReplies: number;
}

/**
 * One review per run with the findings on lines the pull request added (at most 30 of this action's inline
 * comments alive on the pull request, the rest in the review body) and those only in its commits (in the
 * body, with their commit); nothing reported twice across re-runs; this action's comments whose finding is
 * gone are deleted unless someone replied.
 */
export async function publishReview(options: {
  client: GitHubClient;
  pr: PullRequestRef;
  report: Report;
  key: string;
  checkName: string;
  git?: Git;
  detailsUrl?: string;
  links?: RepositoryLinks;
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

  const bodyOptions = { key, checkName: options.checkName, titles, detailsUrl: options.detailsUrl, links: options.links };
  if (plan.comments.length || plan.listed.length || plan.history.length) {
    const create = (inline: DraftComment[], text: string) =>
      call(`create the review (${inline.length} inline comment(s), ${plan.listed.length + plan.history.length} finding(s) in its body)`, () =>
        client.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: pr.owner, repo: pr.repo, pull_number: pr.number, commit_id: pr.headSha, event: 'COMMENT', body: text, comments: inline }),
      );
    try {
      await create(plan.comments, reviewBody(plan, bodyOptions));
    } catch (error) {
      // GitHub refuses the whole review when one line is outside its diff (a head that moved on since
      // this run started): post the findings as a list instead of losing them.
      if (!(error instanceof GitHubCallError && error.status === 422 && plan.comments.length)) throw error;
      log.info(`GitHub refused the inline comments (${error.detail}); posting them in the review body instead.`);
      const listed = { ...plan, listed: [...plan.commented, ...plan.listed], comments: [], commented: [], promoted: 0, stale: plan.stale.filter((id) => !plan.replaced.includes(id)) };
      plan.stale = listed.stale;
      await create([], reviewBody(listed, bodyOptions));
    }
  }
  for (const id of plan.stale) {
    await call(`delete the outdated review comment ${id}`, () => client.request('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: pr.owner, repo: pr.repo, comment_id: id }));
  }
  return { commented: plan.comments.length, listed: plan.listed.length + plan.history.length, alreadyPosted: plan.alreadyPosted, deleted: plan.stale.length, staleWithReplies: plan.staleWithReplies };
}
