import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import type { Report } from '../src/core/report.js';
import { findingMarker, reportKey, shortFingerprint } from '../src/github/markers.js';
import { GitHubReporter } from '../src/github/reporter.js';
import { Git } from '../src/sources/git.js';
import type { Logger } from '../src/util/logger.js';
import { FakeGitHub, type PullFile } from './helpers/fake-github.js';
import { marker } from './helpers/marker-check.js';
import { pullFilesFromGit } from './helpers/pull-files.js';
import { commit, git, makeRepo, scanDir } from './helpers/repo.js';
import { githubToken, SampleRandom } from './helpers/secret-samples.js';

const TOKEN = 'ghs_reviewTestToken00000000000000000000';
const checks = [...CHECKS, marker] as Check<never>[];
const KEY = reportKey('Security Gate');
const servers: FakeGitHub[] = [];
// Every request any test sent must match GitHub's OpenAPI description.
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
});

interface Pr {
  root: string;
  base: string;
  head: string;
  gh: FakeGitHub;
  files: PullFile[];
}

/** A real repository with a base commit on main and a head commit on a feature branch, served by a fake GitHub. */
async function pullRequest(baseFiles: Record<string, string>, headFiles: Record<string, string | null>): Promise<Pr> {
  const root = makeRepo({ 'security-policy.yml': 'version: 1\nchecks:\n  files: {}\n  marker: {}\n', ...baseFiles });
  const base = git(root, 'rev-parse', 'HEAD').trim();
  git(root, 'checkout', '-q', '-b', 'feature');
  const head = commit(root, headFiles, 'feature work');
  const gh = await new FakeGitHub('octo-org', 'helpdesk', TOKEN).start();
  servers.push(gh);
  const files = pullFilesFromGit(root, base, head);
  gh.pulls.set(7, { files, headSha: head, baseSha: base, headRepo: 'octo-org/helpdesk' });
  return { root, base, head, gh, files };
}

function log(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

async function publish(pr: Pr, report: Report, options: { sticky?: boolean; warnings?: string[]; logger?: Logger; links?: boolean } = {}) {
  const reporter = new GitHubReporter({
    token: TOKEN,
    apiUrl: pr.gh.url,
    target: {
      repo: { owner: 'octo-org', repo: 'helpdesk' },
      headSha: pr.head,
      pr: { owner: 'octo-org', repo: 'helpdesk', number: 7, baseSha: pr.base, headSha: pr.head },
      ...(options.links ? { webUrl: 'https://github.com/octo-org/helpdesk', runUrl: 'https://github.com/octo-org/helpdesk/actions/runs/42' } : {}),
    },
    checkName: 'Security Gate',
    reviewComments: true,
    stickyComment: options.sticky ?? false,
    log: options.logger ?? log(),
    warn: (m) => options.warnings?.push(m),
    waitScale: 0.001,
    git: () => Git.open(pr.root),
  });
  await reporter.start();
  const outcome = await reporter.finish(report);
  return { reporter, outcome };
}

const APP_BASE = 'export const a = 1;\n// TODO-SECURITY known and old\nexport const b = 2;\n';
const APP_HEAD = 'export const a = 1;\n// TODO-SECURITY known and old\nexport const b = 2;\nconst key = load(); // TODO-SECURITY rotate\nconst token = key; // TODO-SECURITY scope it\n';

describe('review comments on changed lines', () => {
  it('comments only on lines the pull request added, in one review, with hidden markers', async () => {
    const pr = await pullRequest({ 'src/app.ts': APP_BASE, 'src/other.ts': '// TODO-SECURITY elsewhere\n' }, { 'src/app.ts': APP_HEAD, 'deploy/id_rsa': '-----BEGIN KEY-----\nabc\n' });
    const report = await scanDir(pr.root, { checks, scope: { kind: 'pr', base: pr.base, head: pr.head } });
    expect(report.findings.map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.line ?? '-'}`)).toEqual([
      'files/sensitive-file deploy/id_rsa:-',
      'marker/todo src/app.ts:2',
      'marker/todo src/app.ts:4',
      'marker/todo src/app.ts:5',
      'marker/todo src/other.ts:1',
    ]);
    const { outcome } = await publish(pr, report);

    expect(pr.gh.violations()).toEqual([]);
    expect(pr.gh.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual([
      'POST checks/create',
      'PATCH checks/update',
      'GET pulls/list-files',
      'GET pulls/list-review-comments',
      'GET pulls/list-reviews',
      'POST pulls/create-review',
    ]);
    const review = pr.gh.calls('pulls/create-review')[0]!.body as { commit_id: string; event: string; body: string; comments: { path: string; line: number; side: string; body: string }[] };
    expect(review.commit_id).toBe(pr.head);
    expect(review.event).toBe('COMMENT');
    expect(review.comments.map((c) => `${c.path}:${c.line}:${c.side}`)).toEqual(['deploy/id_rsa:1:RIGHT', 'src/app.ts:4:RIGHT', 'src/app.ts:5:RIGHT']);
    const fp = report.findings.find((f) => f.location?.line === 4)!.fingerprint;
    expect(review.comments[1]!.body).toBe(`**🔴 Security TODO** (\`marker/todo\`)\n\nOpen security TODO\n\n${findingMarker(KEY, fp)}`);
    expect(review.body).toMatch(/^### Security Gate: 3 new findings on lines this pull request changed\n\n3 findings are commented on their lines\.\n/);
    expect(outcome.review).toEqual({ commented: 3, listed: 0, alreadyPosted: 0, deleted: 0, staleWithReplies: 0 });
  });

  it('does not repeat itself on a re-run, and deletes its comments whose finding is gone unless someone replied', async () => {
    const pr = await pullRequest({ 'src/app.ts': APP_BASE }, { 'src/app.ts': APP_HEAD });
    const first = await scanDir(pr.root, { checks });
    await publish(pr, first);
    expect(pr.gh.reviewComments.map((c) => c.line)).toEqual([4, 5]);

    // Same findings again: nothing new is posted.
    const again = await publish(pr, await scanDir(pr.root, { checks }));
    expect(pr.gh.calls('pulls/create-review')).toHaveLength(1);
    expect(again.outcome.review).toEqual({ commented: 0, listed: 0, alreadyPosted: 2, deleted: 0, staleWithReplies: 0 });

    // Someone answers the comment on line 5; then both findings are fixed.
    const onFour = pr.gh.reviewComments.find((c) => c.line === 4)!;
    const onFive = pr.gh.reviewComments.find((c) => c.line === 5)!;
    pr.gh.addComment({ path: 'src/app.ts', line: 5, body: 'Rotating it in the next PR.', in_reply_to_id: onFive.id, user: { login: 'octocat', id: 1, type: 'User' } });
    // A person quoting the marker does not make their comment ours.
    pr.gh.addComment({ path: 'src/app.ts', line: 4, body: `copy of ${findingMarker(KEY, 'f'.repeat(32))}`, user: { login: 'octocat', id: 1, type: 'User' } });
    const fixedHead = commit(pr.root, { 'src/app.ts': APP_HEAD.replace(/ \/\/ TODO-SECURITY.*$/gm, '') }, 'fix');
    pr.gh.pulls.set(7, { files: pullFilesFromGit(pr.root, pr.base, fixedHead), headSha: fixedHead, baseSha: pr.base, headRepo: 'octo-org/helpdesk' });
    const fixed = await publish({ ...pr, head: fixedHead }, await scanDir(pr.root, { checks }));
    expect(fixed.outcome.review).toEqual({ commented: 0, listed: 0, alreadyPosted: 0, deleted: 1, staleWithReplies: 1 });
    expect(pr.gh.calls('pulls/delete-review-comment').map((r) => r.path)).toEqual([`/repos/octo-org/helpdesk/pulls/comments/${onFour.id}`]);
    expect(pr.gh.reviewComments.map((c) => `${c.user.login}:${c.line}`)).toEqual(['github-actions[bot]:5', 'octocat:5', 'octocat:4']);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('puts at most 30 comments in a review, lists the rest in its body, and lists them only once', async () => {
    const lines = Array.from({ length: 35 }, (_, i) => `export const k${i} = ${i}; // TODO-SECURITY item ${i}`).join('\n');
    const pr = await pullRequest({ 'src/app.ts': 'export {};\n' }, { 'src/many.ts': `${lines}\n` });
    const report = await scanDir(pr.root, { checks });
    const { outcome } = await publish(pr, report);
    expect(outcome.review).toMatchObject({ commented: 30, listed: 5 });
    const review = pr.gh.calls('pulls/create-review')[0]!.body as { body: string; comments: { line: number }[] };
    expect(review.comments.map((c) => c.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(review.body).toContain('30 findings are commented on their lines.\n\n<details><summary>5 more findings on changed lines, most severe first</summary>\n\n');
    for (const n of [31, 32, 33, 34, 35]) expect(review.body).toContain(`- 🔴 \`src/many.ts:${n}\` **Security TODO** (\`marker/todo\`): Open security TODO\n`);
    // One hidden list marks the five, so that a re-run knows them.
    const listed = report.findings.filter((f) => f.location!.line! > 30).map((f) => shortFingerprint(f.fingerprint)).join('');
    expect(review.body.endsWith(`<!-- security-gate:listed key=${KEY} fps=${listed} -->`)).toBe(true);
    const rerun = await publish(pr, await scanDir(pr.root, { checks }));
    expect(rerun.outcome.review).toMatchObject({ commented: 0, listed: 0, alreadyPosted: 35 });
    expect(pr.gh.calls('pulls/create-review')).toHaveLength(1);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('takes the changed lines of a file the API lists without a patch from git diff', async () => {
    const big = Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    const pr = await pullRequest({ 'src/big.ts': `${big}\n` }, { 'src/big.ts': `${big}\nexport const late = 1; // TODO-SECURITY late\n` });
    for (const f of pr.files) f.hidePatch = true;
    const logger = log();
    const { outcome } = await publish(pr, await scanDir(pr.root, { checks }), { logger });
    expect(outcome.review).toMatchObject({ commented: 1 });
    const review = pr.gh.calls('pulls/create-review')[0]!.body as { comments: { path: string; line: number }[] };
    expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['src/big.ts:401']);
    expect(logger.lines).toContain('Changed lines of 1 file(s) without a patch in the API came from git diff.');
    expect(pr.gh.violations()).toEqual([]);
  });

  it('reads every page of a 3,000-file pull request and finds the rest with git diff', async () => {
    const pr = await pullRequest({ 'src/app.ts': 'export {};\n' }, { 'src/zz-last.ts': '// TODO-SECURITY unlisted\n' });
    const listed: PullFile[] = Array.from({ length: 3000 }, (_, i) => ({ filename: `gen/f${i}.ts`, status: 'added', additions: 1, deletions: 0, changes: 1, patch: '@@ -0,0 +1 @@\n+x' }));
    pr.gh.pulls.set(7, { files: [...listed, ...pr.files], headSha: pr.head, baseSha: pr.base, headRepo: 'octo-org/helpdesk' });
    const { outcome } = await publish(pr, await scanDir(pr.root, { checks }));
    expect(pr.gh.calls('pulls/list-files').map((r) => r.query.page ?? '1')).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(outcome.review).toMatchObject({ commented: 1 });
    expect(pr.gh.violations()).toEqual([]);
  });

  it('when GitHub refuses a line, posts the findings in the review body instead of failing', async () => {
    const pr = await pullRequest({ 'src/app.ts': APP_BASE }, { 'src/app.ts': APP_HEAD });
    pr.gh.faults.push({ method: 'POST', path: /\/reviews$/, times: 1, status: 422, body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] } });
    const { reporter } = await publish(pr, await scanDir(pr.root, { checks }));
    const posts = pr.gh.calls('pulls/create-review').map((r) => r.body as { comments: unknown[]; body: string });
    expect(posts.map((p) => p.comments.length)).toEqual([2, 0]);
    expect(posts[1]!.body).toContain('`src/app.ts:4` **Security TODO**');
    expect(reporter.failures).toEqual([]);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('keeps one sticky summary comment, updated in place', async () => {
    const pr = await pullRequest({ 'src/app.ts': APP_BASE }, { 'src/app.ts': APP_HEAD });
    const first = await publish(pr, await scanDir(pr.root, { checks }), { sticky: true });
    expect(first.outcome.sticky).toBe('created');
    commit(pr.root, { 'src/app.ts': APP_BASE }, 'revert');
    const second = await publish(pr, await scanDir(pr.root, { checks }), { sticky: true });
    expect(second.outcome.sticky).toBe('updated');
    expect(pr.gh.issueComments).toHaveLength(1);
    expect(pr.gh.issueComments[0]!.body).toMatch(/^## ⚠️ Security Gate: passed|^## ❌ Security Gate: failed/);
    expect(pr.gh.issueComments[0]!.body).toContain('1 error');
    expect(pr.gh.issueComments[0]!.body).toContain(`<!-- security-gate:summary key=${KEY} -->`);
    expect(pr.gh.calls('issues/update-comment')).toHaveLength(1);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('a token without pull-requests: write still completes the check run and says so once', async () => {
    const pr = await pullRequest({ 'src/app.ts': APP_BASE }, { 'src/app.ts': APP_HEAD });
    pr.gh.faults.push({ path: /\/(pulls|issues)\//, writes: true, times: Infinity, status: 403, body: { message: 'Resource not accessible by integration' } });
    const warnings: string[] = [];
    const { reporter } = await publish(pr, await scanDir(pr.root, { checks }), { sticky: true, warnings });
    expect([...pr.gh.checkRuns.values()][0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(reporter.annotated).toBe(true);
    expect(reporter.failures).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Security Gate could not post review comments: could not create the review \(2 inline comment\(s\), 0 finding\(s\) in its body\) \(POST \/repos\/octo-org\/helpdesk\/pulls\/7\/reviews\): HTTP 403 Resource not accessible by integration\. Give the job `pull-requests: write`/);
  });
});

describe('review comments on big pull requests, re-runs and history', () => {
  /** Moves the fake pull request to the repository's current HEAD, as a push to its branch does. */
  function push(pr: Pr): Pr {
    const head = git(pr.root, 'rev-parse', 'HEAD').trim();
    pr.gh.pulls.set(7, { files: pullFilesFromGit(pr.root, pr.base, head), headSha: head, baseSha: pr.base, headRepo: 'octo-org/helpdesk' });
    return { ...pr, head };
  }
  const pending = (n: number) => Array.from({ length: n }, (_, i) => `export const k${i} = ${i}; // TODO-SECURITY item ${i}`);

  it('3,000 findings on changed lines: one review whose body fits and marks them all; a re-run posts nothing', async () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 30; f++) files[`src/m${String(f).padStart(2, '0')}.ts`] = `${pending(100).join('\n')}\n`;
    const pr = await pullRequest({ 'src/app.ts': 'export {};\n' }, files);
    const report = await scanDir(pr.root, { checks });
    expect(report.findings).toHaveLength(3000);
    const first = await publish(pr, report, { links: true });
    expect(first.outcome.review).toMatchObject({ commented: 30, listed: 2970 });
    const body = (pr.gh.calls('pulls/create-review')[0]!.body as { body: string }).body;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(65_536);
    expect(body).toContain('<details><summary>2,970 more findings on changed lines, most severe first</summary>');
    expect(body).toMatch(/- … and [\d,]+ more findings: the check run lists every one\./);
    expect(body).toContain('- 🔴 [`src/m00.ts:31`](https://github.com/octo-org/helpdesk/blob/');

    const rerun = await publish(pr, await scanDir(pr.root, { checks }), { links: true });
    expect(rerun.outcome.review).toEqual({ commented: 0, listed: 0, alreadyPosted: 3000, deleted: 0, staleWithReplies: 0 });
    expect(pr.gh.calls('pulls/create-review')).toHaveLength(1);
    expect(pr.gh.reviewComments).toHaveLength(30);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('after a fix, findings only listed in an earlier body get their inline comments as room frees up, once', async () => {
    const pr = await pullRequest({ 'src/app.ts': 'export {};\n' }, { 'src/many.ts': `${pending(35).join('\n')}\n` });
    await publish(pr, await scanDir(pr.root, { checks }));
    expect(pr.gh.reviewComments.map((c) => c.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // The first five are fixed (their lines keep their place): their comments go, and five listed findings take the room.
    commit(pr.root, { 'src/many.ts': `${pending(35).map((l, i) => (i < 5 ? l.replace(/ \/\/ TODO-SECURITY.*$/, '') : l)).join('\n')}\n` }, 'fix five');
    const fixed = push(pr);
    const after = await publish(fixed, await scanDir(pr.root, { checks }));
    expect(after.outcome.review).toMatchObject({ commented: 5, listed: 0, deleted: 5 });
    expect(pr.gh.reviewComments.map((c) => c.line).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 30 }, (_, i) => i + 6));
    const second = pr.gh.calls('pulls/create-review')[1]!.body as { body: string };
    expect(second.body).toContain('5 findings are commented on their lines (5 of them reported earlier without a comment on their line).');
    // And once only.
    const again = await publish(fixed, await scanDir(pr.root, { checks }));
    expect(again.outcome.review).toMatchObject({ commented: 0, listed: 0, alreadyPosted: 30 });
    expect(pr.gh.calls('pulls/create-review')).toHaveLength(2);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('a comment that went out of date is replaced by one on the finding\'s current line', async () => {
    const pr = await pullRequest({ 'src/app.ts': 'export const a = 1;\n' }, { 'src/app.ts': 'export const a = 1;\nconst key = load(); // TODO-SECURITY rotate\n' });
    await publish(pr, await scanDir(pr.root, { checks }));
    const old = pr.gh.reviewComments[0]!;
    // Lines pushed above it: GitHub marks the comment outdated (no line); the finding is now on line 4.
    commit(pr.root, { 'src/app.ts': 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\nconst key = load(); // TODO-SECURITY rotate\n' }, 'more');
    old.line = null;
    const moved = push(pr);
    const { outcome } = await publish(moved, await scanDir(pr.root, { checks }));
    expect(outcome.review).toMatchObject({ commented: 1, deleted: 1 });
    expect(pr.gh.reviewComments.map((c) => `${c.path}:${c.line}`)).toEqual(['src/app.ts:4']);
    expect(pr.gh.violations()).toEqual([]);
  });

  it('a secret added in one commit and removed in the next: no annotation or inline comment on a current line, listed with its commit', async () => {
    const token = githubToken(new SampleRandom(41));
    const pr = await pullRequest({ 'src/settings.ts': 'export const mode = "dev";\n' }, { 'src/settings.ts': `export const mode = "dev";\nexport const region = "eu";\nexport const apiKey = "${token}";\n` });
    const added = pr.head;
    // The next commit replaces the line: line 3 of the current file is now an unrelated, changed line.
    commit(pr.root, { 'src/settings.ts': 'export const mode = "dev";\nexport const region = "eu";\nexport const apiKey = process.env.API_KEY;\n' }, 'read the key from the environment');
    const current = push(pr);
    const report = await scanDir(pr.root, { checks, scope: { kind: 'pr', base: pr.base, head: current.head } });
    const history = report.findings.filter((f) => f.commit);
    expect(history.map((f) => [f.ruleId, f.location?.path, f.location?.line, f.commit])).toEqual([['secrets/github-pat', 'src/settings.ts', 3, added]]);
    const { reporter, outcome } = await publish(current, report, { links: true });
    expect(reporter.failures).toEqual([]);
    const run = [...pr.gh.checkRuns.values()][0]!;
    expect(run.annotations.filter((a) => String(a.title).includes('secrets/'))).toEqual([]);
    expect(run.output.summary).toContain(`\`src/settings.ts\` in commit [\`${added.slice(0, 12)}\`](https://github.com/octo-org/helpdesk/commit/${added}), [line 3](https://github.com/octo-org/helpdesk/blob/${added}/src/settings.ts#L3) there`);
    const secretLines = (run.output.summary ?? '').split('\n').filter((l) => l.includes('personal access token'));
    expect(secretLines.length).toBeGreaterThan(0);
    expect(secretLines.join('\n')).not.toContain(`/blob/${current.head}/`);
    expect(pr.gh.reviewComments.filter((c) => c.body.includes('secrets/'))).toEqual([]);
    expect(outcome.review).toMatchObject({ listed: 1 });
    const body = (pr.gh.calls('pulls/create-review')[0]!.body as { body: string }).body;
    expect(body).toContain('#### 1 finding in the commits of this pull request');
    expect(body).toContain(`/blob/${added}/src/settings.ts#L3`);
    expect(body).not.toContain(token);
    // Reported once: a re-run posts no second review for it.
    await publish(current, await scanDir(pr.root, { checks, scope: { kind: 'pr', base: pr.base, head: current.head } }), { links: true });
    expect(pr.gh.calls('pulls/create-review')).toHaveLength(1);
    expect(pr.gh.violations()).toEqual([]);
  });
});
