import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAction, runActionAsync, type ActionRun } from './helpers/action.js';
import { closeServers, neverLeaks, OWNER, REPO, run as runIn, scenario, TOKEN, webhookExample, type Scenario } from './helpers/pr-scenario.js';
import { makeDir } from './helpers/repo.js';
import { SampleRandom, githubToken } from './helpers/secret-samples.js';

let entry: string;
beforeAll(() => {
  entry = buildAction();
});
afterEach(closeServers);
const run = (s: Scenario, extra?: Parameters<typeof runIn>[2]): Promise<ActionRun> => runIn(entry, s, extra);

/** GitHub's example `workflow_run.completed` payload, pointed at the scanning run of a fork pull request. */
function workflowRunPayload(headSha: string): Record<string, unknown> {
  const payload = webhookExample('workflow_run', 'completed') as unknown as { workflow_run: Record<string, unknown> };
  Object.assign(payload.workflow_run, { head_sha: headSha, event: 'pull_request', conclusion: 'failure', pull_requests: [], id: 1658821493, html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/1658821493` });
  return payload as unknown as Record<string, unknown>;
}

describe('fork pull requests: scan read-only, publish from workflow_run', () => {
  it('the fork run saves its report; the workflow_run job publishes it without checking out any code', async () => {
    const s = await scenario({ fork: true });
    const scanned = await run(s, { inputs: { 'save-report': 'out/security-gate-report.json' } });
    expect(s.gh.requests).toEqual([]);
    expect(scanned.status).toBe(1);
    expect(scanned.outputs['report-file']).toBe('out/security-gate-report.json');

    // The publishing job runs on the default branch; its workspace holds only the downloaded artifact.
    const artifact = makeDir({});
    mkdirSync(join(artifact, 'report'));
    copyFileSync(join(s.root, 'out/security-gate-report.json'), join(artifact, 'report/security-gate-report.json'));
    const published = await runActionAsync({
      entry,
      workspace: artifact,
      eventName: 'workflow_run',
      payload: workflowRunPayload(s.head),
      inputs: { token: TOKEN, 'publish-report': 'report/security-gate-report.json' },
      env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_SHA: s.base, GITHUB_API_URL: s.gh.url, GITHUB_RUN_ID: '1658821999' },
    });
    expect(s.gh.violations()).toEqual([]);
    expect(published.status).toBe(0);
    expect(published.outputs).toMatchObject({ conclusion: 'failure', verdict: 'fail', errors: '127', warnings: '1' });
    expect(s.gh.requests.map((r) => `${r.method} ${r.operationId}`)).toEqual([
      'GET pulls/get',
      'POST checks/create',
      'PATCH checks/update',
      'PATCH checks/update',
      'PATCH checks/update',
      'GET pulls/list-files',
      'GET pulls/list-files',
      'GET pulls/list-review-comments',
      'GET pulls/list-reviews',
      'POST pulls/create-review',
    ]);
    const checkRun = [...s.gh.checkRuns.values()][0]!;
    expect(checkRun).toMatchObject({ head_sha: s.head, conclusion: 'failure', details_url: `https://github.com/${OWNER}/${REPO}/actions/runs/1658821493` });
    expect(checkRun.annotations).toHaveLength(128);
    expect(s.gh.reviewComments.map((c) => `${c.path}:${c.line}`)).toEqual(['deploy/id_rsa:1', 'security-policy.yml:6']);
    expect(published.summary).toMatch(/^## ❌ Security Gate: failed/);
    neverLeaks(published);
  });

  it('refuses a saved report for another commit or with unsafe paths, and recomputes a forged verdict', async () => {
    const s = await scenario({ fork: true });
    await run(s, { inputs: { 'save-report': 'report.json' } });
    const saved = JSON.parse(readFileSync(join(s.root, 'report.json'), 'utf8')) as { run: { headSha: string }; report: { verdict: string; conclusion: string; findings: { location?: { path: string } }[] } };
    const publish = (doc: unknown) => {
      const dir = makeDir({ 'report.json': JSON.stringify(doc) });
      return runActionAsync({ entry, workspace: dir, eventName: 'workflow_run', payload: workflowRunPayload(s.head), inputs: { token: TOKEN, 'publish-report': 'report.json' }, env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: s.gh.url } });
    };

    const otherCommit = await publish({ ...saved, run: { ...saved.run, headSha: s.base } });
    expect(otherCommit.status).toBe(1);
    expect(otherCommit.stdout).toContain(`::error::Security Gate could not run: the saved report is for commit ${s.base.slice(0, 12)}, but the triggering run ran on ${s.head.slice(0, 12)}: not publishing it`);

    const climbing = structuredClone(saved);
    climbing.report.findings[0]!.location!.path = '../../etc/passwd';
    const unsafe = await publish(climbing);
    expect(unsafe.status).toBe(1);
    expect(unsafe.stdout).toContain('has a finding whose path climbs out of the repository with ".."');

    const notAReport = await publish({ kind: 'something-else' });
    expect(notAReport.stdout).toContain("::error::Security Gate could not run: the saved report report.json is not a Security Gate report: (root) must have required property 'schemaVersion'");
    expect(s.gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const forged = await publish({ ...saved, report: { ...saved.report, verdict: 'pass', conclusion: 'success' } });
    expect(forged.status).toBe(0);
    expect(forged.outputs).toMatchObject({ verdict: 'fail', conclusion: 'failure' });
    expect([...s.gh.checkRuns.values()].at(-1)).toMatchObject({ conclusion: 'failure' });
    expect(s.gh.violations()).toEqual([]);
  });

  it('publishes the check run but no review when the pull request has moved on', async () => {
    const s = await scenario({ fork: true });
    await run(s, { inputs: { 'save-report': 'report.json' } });
    const pull = s.gh.pulls.get(2)!;
    s.gh.pulls.set(2, { ...pull, headSha: 'c'.repeat(40) });
    const dir = makeDir({});
    writeFileSync(join(dir, 'report.json'), readFileSync(join(s.root, 'report.json')));
    const r = await runActionAsync({ entry, workspace: dir, eventName: 'workflow_run', payload: workflowRunPayload(s.head), inputs: { token: TOKEN, 'publish-report': 'report.json' }, env: { GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_API_URL: s.gh.url } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Pull request #2 is now at cccccccccccc, not ${s.head.slice(0, 12)}: no review comments for this older commit.`);
    expect(s.gh.requests.map((q) => `${q.method} ${q.operationId}`)).toEqual(['GET pulls/get', 'POST checks/create', 'PATCH checks/update', 'PATCH checks/update', 'PATCH checks/update']);
    expect(s.gh.violations()).toEqual([]);
  });

  it('verify-secrets: true sends nothing from a fork: the findings keep their severity and the summary says why', async () => {
    const token = githubToken(new SampleRandom(404));
    const s = await scenario({ fork: true, files: { 'src/release.ts': `export const token = '${token}';\n` } });
    const scanned = await run(s, { inputs: { 'verify-secrets': 'true', 'save-report': 'out/report.json' } });
    expect(scanned.status).toBe(1);
    expect(scanned.summary).toContain('Secrets were not verified with their providers: the pull request comes from the fork');
    const saved = JSON.parse(readFileSync(join(s.root, 'out/report.json'), 'utf8')) as { report: { findings: { check: string; severity: string; properties?: Record<string, unknown> }[] } };
    const verifiable = saved.report.findings.filter((f) => f.properties?.validity !== undefined && f.properties.validityReason !== 'not-supported');
    expect(verifiable.length).toBeGreaterThan(0);
    expect(verifiable.every((f) => f.properties?.validity === 'unknown' && f.properties.validityReason === 'untrusted-source')).toBe(true);
    expect(s.gh.requests).toEqual([]);
    expect(`${scanned.stdout}${scanned.stderr}${scanned.summary}`).not.toContain(token.slice(4));
  });
});
