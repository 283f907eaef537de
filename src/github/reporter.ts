import type { Conclusion, Report } from '../core/report.js';
import type { Git } from '../sources/git.js';
import type { Logger } from '../util/logger.js';
import { planAnnotations, type CheckAnnotation } from './annotations.js';
import { GitHubCallError, call } from './call.js';
import type { PullRequestRef } from './changed-lines.js';
import { closeCheckRun, completeCheckRun, startCheckRun, type CheckRunOutput, type Repo } from './check-run.js';
import { createClient, type GitHubClient } from './client.js';
import { LocalFallback, fallbackReason } from './degrade.js';
import { reportKey } from './markers.js';
import { publishReview, type ReviewOutcome } from './review.js';
import { upsertStickyComment } from './sticky-comment.js';
import { checkRunSummary, checkRunTitle, shortSummary } from './summary.js';
import type { RepositoryLinks } from '../reporters/links.js';
import { mdInline } from '../util/markdown-cell.js';
import type { CheckSections } from '../reporters/types.js';

/** Completing the check run with a short summary is tried this often (each with the client's retries). */
const CLOSE_ATTEMPTS = 3;

/** Where the results go: the repository, the commit gated, and the pull request when there is one. */
export interface ReportTarget {
  repo: Repo;
  headSha: string;
  pr?: PullRequestRef;
  /** The workflow run's page, linked from the check run and the review. */
  runUrl?: string;
  /** The repository's web page (`https://github.com/o/r`), for links to files and commits. */
  webUrl?: string;
}

export interface GitHubReporterOptions {
  token: string;
  apiUrl: string;
  target: ReportTarget | undefined;
  checkName: string;
  reviewComments: boolean;
  stickyComment: boolean;
  /** Known before any call: why the token cannot write (fork pull request). */
  readOnlyReason?: string;
  log: Logger;
  /** Prints a warning once (core.warning). */
  warn: (message: string) => void;
  waitScale?: number;
  /** Local git, for the changed lines of files the API lists without a patch. */
  git?: () => Promise<Git | undefined>;
  /** Where findings go when the API cannot be used, for the fallback notice. */
  localReport?: string;
  /** Annotations on the check run at most (the `max-annotations` input); the rest are counted in its summary. */
  maxAnnotations?: number;
  /** The checks' own sections of the summary (the registry's CHECK_SECTIONS). */
  sections?: CheckSections;
}

/**
 * Reports a scan on GitHub: one check run (created in progress at the start, completed with annotations
 * and the summary), one review with comments on changed lines, and optionally a sticky summary comment.
 * When the API cannot be written to, it falls back to local reporting and says so once; a call that fails
 * for another reason is recorded in `failures`, which the action turns into a failed step.
 */
export class GitHubReporter {
  readonly fallback: LocalFallback;
  readonly failures: GitHubCallError[] = [];
  private readonly client: GitHubClient | undefined;
  private checkRun: { id: number; url: string } | undefined;
  private checkRunDone = false;
  private checkRunClosed = false;
  private permissionWarned = new Set<string>();

  constructor(private readonly options: GitHubReporterOptions) {
    this.fallback = new LocalFallback(options.warn, options.localReport);
    if (!options.target) {
      options.log.info('Not reporting to the GitHub API: the repository is unknown (GITHUB_REPOSITORY is not set).');
    } else if (!options.token) {
      options.log.info('Not reporting to the GitHub API: the token input is empty. Findings go to annotations and the job summary.');
    } else if (options.readOnlyReason) {
      this.fallback.use(options.readOnlyReason);
    } else {
      this.client = createClient({ token: options.token, baseUrl: options.apiUrl, log: options.log, waitScale: options.waitScale });
    }
  }

  /** True when the findings reached the check run; otherwise the caller emits workflow-command annotations. */
  get annotated(): boolean {
    return this.checkRunDone;
  }

  /** True when a check run was created and nothing completed it (nothing could). */
  get leftInProgress(): boolean {
    return !!this.checkRun && !this.checkRunClosed;
  }

  private get usable(): boolean {
    return !!this.client && !this.fallback.active;
  }

  private failed(error: unknown, degradable: boolean): void {
    if (!(error instanceof GitHubCallError)) throw error;
    if (degradable && (error.forbidden || error.unreachable)) this.fallback.use(fallbackReason(error));
    else this.failures.push(error);
  }

  /**
   * Checks that the target's pull request really has the target's head commit (a saved report names its
   * pull request, and that file is not trusted). When the pull request has moved on, the check run is
   * still published on the commit, but review comments are left to the run of the newer commit.
   */
  async confirmPullRequest(): Promise<void> {
    const target = this.options.target;
    const pr = target?.pr;
    if (!this.usable || !target || !pr) return;
    try {
      const { data } = await call(`read pull request #${pr.number}`, () =>
        (this.client as GitHubClient).request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: pr.owner, repo: pr.repo, pull_number: pr.number }),
      );
      if (data.head.sha === pr.headSha) return;
      this.options.log.info(`Pull request #${pr.number} is now at ${data.head.sha.slice(0, 12)}, not ${pr.headSha.slice(0, 12)}: no review comments for this older commit.`);
      target.pr = undefined;
    } catch (error) {
      target.pr = undefined;
      this.failed(error, true);
    }
  }

  /** Creates the check run in progress. */
  async start(): Promise<void> {
    const target = this.options.target;
    if (!this.usable || !target) return;
    try {
      this.checkRun = await startCheckRun(this.client as GitHubClient, target.repo, { name: this.options.checkName, headSha: target.headSha, detailsUrl: target.runUrl });
      this.options.log.info(`Check run "${this.options.checkName}" started on ${target.headSha.slice(0, 12)}.`);
    } catch (error) {
      // Nothing was created yet, so a read-only token or an unreachable API only changes where we report.
      this.failed(error, true);
    }
  }

  /**
   * Completes the check run (when one was started) with a conclusion, an output and annotations. Used
   * directly when there is no report to show (an invalid policy, a scan that could not run). Once the run
   * exists it is never left in progress: when completing fails, it is completed again with a short summary
   * that says why (the failure still fails the step).
   */
  async complete(conclusion: Conclusion, output: CheckRunOutput, batches: readonly CheckAnnotation[][] = []): Promise<void> {
    const target = this.options.target;
    if (!this.client || !target || !this.checkRun || this.checkRunClosed) return;
    try {
      await completeCheckRun(this.client, target.repo, this.checkRun.id, { conclusion, output, batches });
      this.checkRunDone = true;
      this.checkRunClosed = true;
      this.options.log.info(`Check run completed: ${conclusion}.`);
    } catch (error) {
      await this.close(conclusion, output.title, error);
      this.failed(error, false);
    }
  }

  /** The last resort: complete the run with the verdict and the reason its report is missing, retrying through a storm. */
  private async close(conclusion: Conclusion, title: string, cause: unknown): Promise<void> {
    const target = this.options.target as ReportTarget;
    const run = this.checkRun as { id: number };
    const reason = cause instanceof Error ? cause.message : String(cause);
    const where = target.runUrl ? ` Every finding is in the job summary of [the workflow run](${target.runUrl}).` : ' Every finding is in the job summary of the workflow run.';
    const output = {
      title: `${title} (report incomplete)`,
      summary: `## Security Gate: ${conclusion === 'failure' ? 'failed' : 'passed'}, but its report could not be published here

${mdInline(reason)}

The conclusion is the gate's verdict.${where}
`,
    };
    for (let attempt = 1; attempt <= CLOSE_ATTEMPTS; attempt++) {
      try {
        await closeCheckRun(this.client as GitHubClient, target.repo, run.id, { conclusion, output });
        this.checkRunClosed = true;
        this.options.log.info(`Check run completed (${conclusion}) with a short summary, after: ${reason}`);
        return;
      } catch (error) {
        if (!(error instanceof GitHubCallError) || error.forbidden || attempt === CLOSE_ATTEMPTS) {
          this.options.log.info(`The check run could not be completed: ${(error as Error).message}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000 * attempt * (this.options.waitScale ?? 1)));
      }
    }
  }

  /** Completes the check run with the report, then reviews the pull request. */
  async finish(report: Report, options: { fullReportHint?: string } = {}): Promise<{ review?: ReviewOutcome; sticky?: string }> {
    const target = this.options.target;
    const client = this.client;
    if (!client || !target || this.fallback.active) return {};
    const plan = planAnnotations(report, { max: this.options.maxAnnotations });
    const notes: string[] = [];
    if (plan.overCap) notes.push(`${plan.overCap.toLocaleString('en-US')} more finding(s) with a place in the files are not annotated (max-annotations: ${plan.sent.toLocaleString('en-US')}); they are listed below and in the job summary.`);
    if (plan.inHistory) notes.push(`${plan.inHistory.toLocaleString('en-US')} finding(s) are only in commits of this pull request, not in its files: they are listed with their commits, not annotated.`);
    const links: RepositoryLinks | undefined = target.webUrl ? { repository: target.webUrl, ref: target.headSha } : undefined;
    const summary = checkRunSummary(report, { fullReportHint: options.fullReportHint, links, notes, sections: this.options.sections });
    await this.complete(report.conclusion, { title: checkRunTitle(report), summary }, plan.batches);
    const outcome: { review?: ReviewOutcome; sticky?: string } = {};
    const pr = target.pr;
    if (!pr || this.fallback.active) return outcome;
    const detailsUrl = this.checkRun?.url || target.runUrl;
    if (this.options.reviewComments) {
      try {
        outcome.review = await publishReview({ client, pr, report, key: reportKey(this.options.checkName), checkName: this.options.checkName, git: await this.options.git?.(), detailsUrl, links, log: this.options.log });
        const r = outcome.review;
        this.options.log.info(
          `Review: ${r.commented} new comment(s), ${r.listed} listed in the review body, ${r.alreadyPosted} already posted, ${r.deleted} outdated comment(s) deleted${r.staleWithReplies ? `, ${r.staleWithReplies} kept because someone replied` : ''}.`,
        );
      } catch (error) {
        this.missingPermission(error, 'review comments', 'pull-requests: write');
      }
    }
    if (this.options.stickyComment) {
      try {
        const hint = detailsUrl ? `Every finding: ${detailsUrl}` : options.fullReportHint;
        outcome.sticky = await upsertStickyComment({ client, pr, key: reportKey(this.options.checkName), markdown: (max) => shortSummary(report, max, { fullReportHint: hint, links, sections: this.options.sections }) });
        this.options.log.info(`Summary comment ${outcome.sticky}.`);
      } catch (error) {
        this.missingPermission(error, 'the summary comment', 'pull-requests: write');
      }
    }
    return outcome;
  }

  /** A 403 on an optional extra (comments) is a missing permission, said once; anything else fails. */
  private missingPermission(error: unknown, what: string, permission: string): void {
    if (error instanceof GitHubCallError && error.forbidden) {
      if (this.permissionWarned.has(permission)) return;
      this.permissionWarned.add(permission);
      this.options.warn(`Security Gate could not post ${what}: ${error.message}. Give the job \`${permission}\`; the check run still has every finding.`);
      return;
    }
    this.failed(error, false);
  }
}
