import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_OPTIONS } from '../src/checks/index.js';
import { buildAction, type ActionRun } from './helpers/action.js';
import { closeServers, neverLeaks, OWNER, REPO, run as runIn, scenario, TOKEN, workflowAnnotations, type Scenario } from './helpers/pr-scenario.js';
import { pullFilesFromGit } from './helpers/pull-files.js';
import { commit } from './helpers/repo.js';

let entry: string;
beforeAll(() => {
  entry = buildAction();
});
afterEach(closeServers);
const run = (s: Scenario, extra?: Parameters<typeof runIn>[2]): Promise<ActionRun> => runIn(entry, s, extra);

describe('the bundled action reporting to GitHub (local API server, contract-checked)', () => {
  it('reports a pull request: one check run with every annotation, one review on changed lines, no repeats on re-run', async () => {
    const s = await scenario();
    const first = await run(s);
    expect(s.gh.violations()).toEqual([]);
    expect(first.status).toBe(1);
    expect(first.outputs).toMatchObject({ conclusion: 'failure', verdict: 'fail', errors: '127', warnings: '1', findings: '128' });
    expect(first.stdout).toContain('::error::Security Gate failed: 127 error(s), 1 warning(s), 0 notice(s) (fail-on: error).');
    // The check run carries the annotations; they are not repeated as workflow commands.
    expect(workflowAnnotations(first.stdout)).toEqual([]);

    expect(s.gh.requests.map((r) => `${r.method} ${r.operationId} ${r.status}`)).toEqual([
      'POST checks/create 201',
      'PATCH checks/update 200',
      'PATCH checks/update 200',
      'PATCH checks/update 200',
      'GET pulls/list-files 200',
      'GET pulls/list-files 200',
      'GET pulls/list-review-comments 200',
      'GET pulls/list-reviews 200',
      'POST pulls/create-review 200',
    ]);
    const create = s.gh.calls('checks/create')[0]!.body as Record<string, unknown>;
    expect(create).toMatchObject({ name: 'Security Gate', head_sha: s.head, status: 'in_progress', details_url: `https://github.com/${OWNER}/${REPO}/actions/runs/1658821493` });
    const updates = s.gh.calls('checks/update').map((r) => r.body as { conclusion?: string; output: { title: string; summary: string; annotations?: { path: string; start_line: number; annotation_level: string }[] } });
    expect(updates.map((u) => u.output.annotations?.length)).toEqual([50, 50, 28]);
    expect(updates.map((u) => u.conclusion)).toEqual([undefined, undefined, 'failure']);
    const run1 = [...s.gh.checkRuns.values()][0]!;
    expect(run1).toMatchObject({ head_sha: s.head, status: 'completed', conclusion: 'failure', output: { title: 'Failed: 127 errors, 1 warning' } });
    expect(run1.annotations).toHaveLength(128);
    // The warning sits on the policy line of the exception the pull request adds; errors come first.
    expect(run1.annotations.at(-1)).toMatchObject({ path: 'security-policy.yml', start_line: 6, annotation_level: 'warning', title: 'The pull request weakens the policy (policy/weakened)' });
    expect(run1.annotations.filter((a) => a.path === 'legacy/old.pfx')).toHaveLength(1);
    expect(run1.output.summary).toMatch(/^## ❌ Security Gate: failed\n/);
    expect(run1.output.summary).toContain('### Checklist');
    expect(run1.output.summary).toContain('- ❌ **Sensitive files** — 127 findings');
    expect(run1.output.summary).toContain('### What to fix\n\n#### 🔴 Credential file committed (`files/sensitive-file`): 127 findings in 127 files\n');
    expect(run1.output.summary).toContain('#### 🟡 The pull request weakens the policy (`policy/weakened`): 1 finding\n');
    expect(run1.output.summary).toContain(`- [\`certs/client-000.p12\`](https://github.com/${OWNER}/${REPO}/blob/${s.head}/certs/client-000.p12): `);
    // The job summary a reviewer reads: the verdict and what to fix in view, the rest folded.
    const visible = first.summary.replace(/<details>[\s\S]*?<\/details>/g, '').split('\n').filter((l) => l.trim());
    expect(visible.length).toBeLessThan(40);
    expect(first.summary).not.toContain('rules with no findings');

    const review = s.gh.calls('pulls/create-review')[0]!.body as { commit_id: string; event: string; comments: { path: string; line: number }[] };
    expect(review).toMatchObject({ commit_id: s.head, event: 'COMMENT' });
    // Binary key stores have no lines to comment on; the old key store is not part of the change.
    expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['deploy/id_rsa:1', 'security-policy.yml:6']);
    expect(first.summary).toMatch(/^## ❌ Security Gate: failed/);
    neverLeaks(first);
    expect(s.gh.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);

    // A re-run of the same commit: a new check run, but no second review and no deletions.
    const second = await run(s);
    expect(second.status).toBe(1);
    expect(s.gh.calls('pulls/create-review')).toHaveLength(1);
    expect(s.gh.calls('pulls/delete-review-comment')).toHaveLength(0);
    expect(s.gh.reviewComments).toHaveLength(2);
    expect(second.stdout).toContain('Review: 0 new comment(s), 0 listed in the review body, 2 already posted, 0 outdated comment(s) deleted.');
    expect(s.gh.violations()).toEqual([]);
  });

  it('403 on every write: falls back to workflow-command annotations and the job summary, says so once, verdict unchanged', async () => {
    const s = await scenario();
    s.gh.faults.push({ writes: true, times: Infinity, status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run' } });
    const r = await run(s, { inputs: { 'sticky-comment': 'true' } });
    expect(s.gh.violations()).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ conclusion: 'failure', verdict: 'fail', errors: '127', warnings: '1' });
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
    expect(warnings).toEqual([
      `::warning::Security Gate reports without the GitHub API: the token may not write (could not create the check run (POST /repos/${OWNER}/${REPO}/check-runs): HTTP 403 Resource not accessible by integration); the job needs \`checks: write\` and \`pull-requests: write\`. Findings are shown as workflow-command annotations (GitHub displays about 10 per level on a step) and in the job summary; the gate's verdict is unchanged. See "Fork pull requests" in the Security Gate README.`,
    ]);
    // One write was tried; nothing else was attempted after the 403.
    expect(s.gh.requests.map((r) => `${r.method} ${r.operationId} ${r.status}`)).toEqual(['POST checks/create 403']);
    // GitHub shows about ten per level on a step: the ten most severe, and one line counting the rest.
    const annotations = workflowAnnotations(r.stdout);
    expect(annotations).toHaveLength(11);
    expect(r.stdout).toContain('117 more finding(s) are not shown as annotations (GitHub shows about 10 per level on a step): the job summary lists every one.');
    expect(annotations[0]).toBe('::error title=Credential file committed (files/sensitive-file),file=certs/client-000.p12::certs/client-000.p12 looks like a PKCS#12 key store. Remove it from the repository, rotate what it contains, and purge it from history.');
    expect(annotations.at(-1)).toMatch(/^::warning title=The pull request weakens the policy \(policy\/weakened\),file=security-policy.yml,line=6,endLine=6,col=5::This pull request weakens the policy: a new exception \(rule `files\/sensitive-file`, path `legacy\/\*\*`, until 2099-01-01\) suppresses findings/);
    expect(r.summary).toMatch(/^## ❌ Security Gate: failed/);
    expect(r.stdout).not.toContain('could not report to GitHub');
    neverLeaks(r);

    // The same with a gate that passes (fail-on: none): the fallback alone never fails the step.
    const passing = await run(s, { inputs: { 'fail-on': 'none' } });
    expect(passing.status).toBe(0);
    expect(passing.outputs).toMatchObject({ conclusion: 'neutral', verdict: 'pass' });
    expect(passing.stdout.split('\n').filter((l) => l.startsWith('::warning::Security Gate reports without'))).toHaveLength(1);
  });

  it('502 twice, then success: retried with backoff, reported once', async () => {
    const s = await scenario();
    s.gh.faults.push({ method: 'POST', path: /\/check-runs$/, times: 2, status: 502, body: { message: 'Server Error' } });
    const r = await run(s);
    expect(s.gh.violations()).toEqual([]);
    expect(s.gh.calls('checks/create').map((c) => c.status)).toEqual([502, 502, 201]);
    expect(s.gh.checkRuns.size).toBe(1);
    expect([...s.gh.checkRuns.values()][0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect([...s.gh.checkRuns.values()][0]!.annotations).toHaveLength(128);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('could not report to GitHub');
    expect(r.stdout).not.toContain('::warning::');
  });

  it('rate limited once (secondary rate limit, 429 with retry-after): waits and carries on', async () => {
    const s = await scenario();
    s.gh.faults.push({
      method: 'PATCH',
      times: 1,
      status: 429,
      headers: { 'retry-after': '3' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
    });
    const r = await run(s);
    expect(s.gh.violations()).toEqual([]);
    expect(s.gh.calls('checks/update').map((c) => c.status)).toEqual([429, 200, 200, 200]);
    expect([...s.gh.checkRuns.values()][0]!.annotations).toHaveLength(128);
    expect(r.stdout).toContain('GitHub secondary rate limit on PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}: retrying after 3 s');
    expect(r.stdout).not.toContain('could not report to GitHub');
  });

  it('a call that keeps failing is an error naming it, never a silent success', async () => {
    const s = await scenario();
    s.gh.faults.push({ method: 'PATCH', times: Infinity, status: 502, body: { message: 'Server Error' } });
    const r = await run(s, { inputs: { 'fail-on': 'none' } });
    expect(s.gh.violations()).toEqual([]);
    // 1 try + 3 retries of the first update, then three tries to complete it with a short summary (each
    // retried): a storm that never ends leaves the run in progress, and the step fails.
    expect(s.gh.calls('checks/update').map((c) => c.status)).toEqual(Array(16).fill(502));
    expect(r.status).toBe(1);
    const run1 = [...s.gh.checkRuns.values()][0]!;
    expect(r.stdout).toContain(`::error::Security Gate could not add annotations 1–50 of 128 to the check run (PATCH /repos/${OWNER}/${REPO}/check-runs/${run1.id}): HTTP 502 Server Error`);
    expect(r.stdout).toContain('::error::Security Gate could not report to GitHub (1 failed call; see above). The findings are in the annotations and the job summary.');
    expect(r.outputs).toMatchObject({ conclusion: 'neutral', verdict: 'pass' });
    // The findings are still shown, through workflow commands.
    expect(workflowAnnotations(r.stdout)).toHaveLength(11);
  });

  it('a fork pull request is predicted read-only: no API call, said once, same verdict', async () => {
    const s = await scenario({ fork: true });
    const r = await run(s);
    expect(s.gh.requests).toEqual([]);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ conclusion: 'failure', errors: '127' });
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`this pull request comes from the fork someone/${REPO}, and GitHub gives workflows of fork pull requests a read-only token`);
    expect(workflowAnnotations(r.stdout)).toHaveLength(11);
  });

  it('a push gets a check run on the pushed commit and no review; without a token everything stays local', async () => {
    const s = await scenario();
    const pushed = await run(s, { eventName: 'push', payload: { ref: 'refs/heads/changes', after: s.head }, env: { GITHUB_SHA: s.head } });
    expect(s.gh.violations()).toEqual([]);
    expect(s.gh.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual(['POST checks/create', 'PATCH checks/update', 'PATCH checks/update', 'PATCH checks/update']);
    expect([...s.gh.checkRuns.values()][0]).toMatchObject({ head_sha: s.head, conclusion: 'failure' });
    expect(pushed.status).toBe(1);

    const before = s.gh.requests.length;
    const local = await run(s, { inputs: { token: '' } });
    expect(s.gh.requests.length).toBe(before);
    expect(local.status).toBe(1);
    expect(local.stdout).toContain('Not reporting to the GitHub API: the token input is empty.');
    expect(local.stdout).not.toContain('::warning::');
    expect(workflowAnnotations(local.stdout)).toHaveLength(11);
  });
});

describe('action.yml', () => {
  it('documents every input the action reads, with the defaults of the issue', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { description: string; default?: string }> };
    const source = readFileSync('src/action/inputs.ts', 'utf8');
    const read = new Set([...source.matchAll(/(?:getInput|booleanInput)\('([a-z-]+)'/g)].map((m) => m[1]));
    // The checks' inputs (probe-url, audit-registry, verify-secrets) are read through their options.
    for (const option of CHECK_OPTIONS) if (option.input) read.add(option.name);
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(20);
    expect(action.inputs['check-name']!.default).toBe('Security Gate');
    expect(action.inputs['review-comments']!.default).toBe('true');
    expect(action.inputs['sticky-comment']!.default).toBe('false');
  });

  it('the workflows in docs/github.md are valid YAML and use only inputs the action has', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };
    const blocks = [...readFileSync('docs/github.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    let uses = 0;
    for (const block of blocks) {
      const doc = parse(block) as { jobs?: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
      for (const job of Object.values(doc.jobs ?? {})) {
        for (const step of job.steps) {
          if (!step.uses?.startsWith('security-gate/security-gate@')) continue;
          uses++;
          for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
        }
      }
    }
    expect(uses).toBeGreaterThanOrEqual(4);
  });
});

describe('the bundled action on big and failing pull requests (emulated GitHub, strict)', () => {
  /** A real pull request that adds `n` Terraform state files: one finding each, on line 1 of an added file. */
  async function keysScenario(n: number): Promise<Scenario> {
    const s = await scenario();
    const keys: Record<string, string> = {};
    for (let i = 0; i < n; i++) keys[`infra/env-${String(i).padStart(4, '0')}.tfstate`] = `{"version": 4, "serial": ${i}}\n`;
    const head = commit(s.root, keys, 'Add the state of every environment');
    s.gh.pulls.set(2, { files: pullFilesFromGit(s.root, s.base, head), headSha: head, baseSha: s.base, headRepo: `${OWNER}/${REPO}` });
    (s.payload as { pull_request: { head: { sha: string } } }).pull_request.head.sha = head;
    return { ...s, head };
  }

  it('3,000 findings: the check run completes with failure, and a re-run posts no new review comment', async () => {
    const s = await keysScenario(3000);
    const first = await run(s);
    expect(s.gh.violations()).toEqual([]);
    expect(first.outputs).toMatchObject({ conclusion: 'failure' });
    expect(Number(first.outputs.findings)).toBeGreaterThan(3000);
    const checkRun = [...s.gh.checkRuns.values()][0]!;
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(checkRun.annotations).toHaveLength(1000);
    expect(s.gh.calls('checks/update')).toHaveLength(20);
    expect(s.gh.reviewComments).toHaveLength(30);
    const comments = s.gh.reviewComments.length;
    const second = await run(s);
    expect(second.stdout).toContain('Review: 0 new comment(s), 0 listed in the review body');
    expect(s.gh.reviewComments).toHaveLength(comments);
    expect(s.gh.calls('pulls/create-review')).toHaveLength(1);
    expect([...s.gh.checkRuns.values()].every((r) => r.status === 'completed')).toBe(true);
    expect(s.gh.violations()).toEqual([]);
    // Two runs of a 3,000-file pull request (the files API alone is 30 pages each) on a loaded machine.
  }, 240_000);

  it('a 5xx storm after the check run was created still completes it; the step fails naming the call', async () => {
    const s = await scenario();
    s.gh.faults.push({ method: 'PATCH', times: 9, status: 502, body: { message: 'Server Error' } });
    const r = await run(s);
    expect(s.gh.violations()).toEqual([]);
    expect([...s.gh.checkRuns.values()][0]).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Failed: 127 errors, 1 warning (report incomplete)' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::Security Gate could not add annotations 1–50 of 128 to the check run \(PATCH [^)]*\): HTTP 502 Server Error/);
  });

  it('an invalid input completes a check run that says what is wrong', async () => {
    const s = await scenario();
    const r = await run(s, { inputs: { 'fail-on': 'sometimes' } });
    expect(r.status).toBe(1);
    expect(s.gh.violations()).toEqual([]);
    const checkRun = [...s.gh.checkRuns.values()][0]!;
    expect(checkRun).toMatchObject({ head_sha: s.head, status: 'completed', conclusion: 'failure', output: { title: 'Security Gate could not run' } });
    expect(checkRun.output.summary).toContain('input fail-on must be error, warning, notice or none, not \\"sometimes\\"'.replace(/\\"/g, '"'));
    neverLeaks(r);
  });
});
