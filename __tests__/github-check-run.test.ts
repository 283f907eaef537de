import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import type { Report } from '../src/core/report.js';
import { annotationBatches, toAnnotation } from '../src/github/annotations.js';
import { GitHubReporter } from '../src/github/reporter.js';
import { checkRunSummary, jobSummary } from '../src/github/summary.js';
import type { Logger } from '../src/util/logger.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { marker } from './helpers/marker-check.js';
import { makeRepo, scanDir } from './helpers/repo.js';

const TOKEN = 'ghs_contractTestToken0000000000000000000';
const checks = [...CHECKS, marker] as Check<never>[];
const servers: FakeGitHub[] = [];
// Every request any test sent must match GitHub's OpenAPI description.
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
    expect(s.violations()).toEqual([]);
  }
});

async function server(): Promise<FakeGitHub> {
  const s = await new FakeGitHub('octo-org', 'helpdesk', TOKEN).start();
  servers.push(s);
  return s;
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

function reporterFor(gh: FakeGitHub | string, warnings: string[] = []) {
  return new GitHubReporter({
    token: TOKEN,
    apiUrl: typeof gh === 'string' ? gh : gh.url,
    target: { repo: { owner: 'octo-org', repo: 'helpdesk' }, headSha: 'a'.repeat(40), runUrl: 'https://github.com/octo-org/helpdesk/actions/runs/42', webUrl: 'https://github.com/octo-org/helpdesk' },
    checkName: 'Security Gate',
    reviewComments: true,
    stickyComment: false,
    log: recordingLog(),
    warn: (m) => warnings.push(m),
    waitScale: 0.001,
  });
}

/** A repository with `n` security TODOs (one per line of src/todo.ts), a credential file and a multi-line-free layout. */
async function reportWith(n: number, extra: Record<string, string> = {}): Promise<Report> {
  const lines = Array.from({ length: n }, (_, i) => `const v${i} = 1; // TODO-SECURITY rotate key ${i}`);
  // The per-file cap is raised: these tests need one file with many findings.
  const root = makeRepo({ 'security-policy.yml': 'version: 1\nlimits:\n  max-findings-per-file: 5000\nchecks:\n  files: {}\n  marker: {}\n', 'src/todo.ts': `${lines.join('\n')}\n`, 'deploy/id_rsa': 'x\n', ...extra });
  return scanDir(root, { checks });
}

describe('check run annotations', () => {
  it('a finding becomes an annotation: level, title, columns only on one line, a whole file on line 1', async () => {
    const report = await reportWith(1);
    const titles = new Map(report.rules.map((r) => [r.id, r.title]));
    const todo = report.findings.find((f) => f.ruleId === 'marker/todo');
    const file = report.findings.find((f) => f.ruleId === 'files/sensitive-file');
    expect(toAnnotation(todo!, titles.get('marker/todo'))).toEqual({
      path: 'src/todo.ts', start_line: 1, end_line: 1, start_column: 18, end_column: 31, annotation_level: 'failure', message: 'Open security TODO', title: 'Security TODO (marker/todo)',
    });
    expect(toAnnotation(file!, titles.get('files/sensitive-file'))).toMatchObject({ path: 'deploy/id_rsa', start_line: 1, end_line: 1, annotation_level: 'failure', title: 'Credential file committed (files/sensitive-file)' });
    expect(toAnnotation(file!)).not.toHaveProperty('start_column');
    const multi = { ...todo!, location: { path: 'a.ts', line: 3, column: 5, endLine: 6, endColumn: 2 } };
    expect(toAnnotation(multi)).toMatchObject({ start_line: 3, end_line: 6 });
    expect(toAnnotation(multi)).not.toHaveProperty('start_column');
    expect(toAnnotation(multi)).not.toHaveProperty('end_column');
    const long = { ...todo!, message: 'é'.repeat(40_000), help: 'x'.repeat(70_000) };
    const a = toAnnotation(long, 'T'.repeat(400))!;
    expect(a.title!.length).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(a.message)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(a.raw_details!)).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends 130 annotations 50 per request in sequential updates, the conclusion last, every request valid', async () => {
    const gh = await server();
    const report = await reportWith(130);
    expect(report.findings).toHaveLength(131);
    const reporter = reporterFor(gh);
    await reporter.start();
    await reporter.finish(report, { fullReportHint: 'Every finding is in the job summary.' });

    expect(gh.violations()).toEqual([]);
    expect(gh.requests.map((r) => `${r.method} ${r.operationId} ${r.status}`)).toEqual([
      'POST checks/create 201',
      'PATCH checks/update 200',
      'PATCH checks/update 200',
      'PATCH checks/update 200',
    ]);
    const updates = gh.calls('checks/update').map((r) => r.body as { status?: string; conclusion?: string; output: { annotations?: unknown[]; title: string; summary: string } });
    expect(updates.map((u) => u.output.annotations?.length)).toEqual([50, 50, 31]);
    // GitHub keeps the last summary it gets: the batches carry a progress line, the full summary goes once.
    expect(updates.map((u) => u.output.summary.slice(0, 40))).toEqual(['Adding annotations 1–50 of 131…', 'Adding annotations 51–100 of 131…', '## ❌ Security Gate: failed\n\n131 errors ·']);
    expect(updates.map((u) => u.conclusion)).toEqual([undefined, undefined, 'failure']);
    expect(updates[2]).toMatchObject({ status: 'completed', output: { title: 'Failed: 131 errors' } });
    const create = gh.calls('checks/create')[0]!.body as Record<string, unknown>;
    expect(create).toMatchObject({ name: 'Security Gate', head_sha: 'a'.repeat(40), status: 'in_progress', details_url: 'https://github.com/octo-org/helpdesk/actions/runs/42' });
    const run = [...gh.checkRuns.values()][0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.annotations).toHaveLength(131);
    expect(new Set(run.annotations.map((a) => `${a.path}:${a.start_line}`)).size).toBe(131);
    expect(reporter.annotated).toBe(true);
    expect(reporter.failures).toEqual([]);
    // Every request carried the token, and only in the header.
    expect(gh.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('orders annotations most severe first', async () => {
    const report = await reportWith(2);
    report.findings[0] = { ...report.findings[0]!, severity: 'notice' };
    const levels = annotationBatches(report, 50)[0]!.map((a) => a.annotation_level);
    expect(levels).toEqual(['failure', 'failure', 'notice']);
  });

  it('maps the conclusion: neutral below fail-on, success when clean', async () => {
    const gh = await server();
    const neutral = await scanDir(makeRepo({ 'security-policy.yml': 'version: 1\nfail-on: none\nchecks:\n  files: {}\n', 'deploy/id_rsa': 'x\n' }), { checks });
    const clean = await scanDir(makeRepo({ 'security-policy.yml': 'version: 1\nchecks:\n  files: {}\n', 'src/a.ts': 'export {};\n' }), { checks });
    for (const report of [neutral, clean]) {
      const reporter = reporterFor(gh);
      await reporter.start();
      await reporter.finish(report);
    }
    expect([...gh.checkRuns.values()].map((r) => [r.conclusion, r.output.title])).toEqual([
      ['neutral', 'Passed: 1 error'],
      ['success', 'Passed: no findings'],
    ]);
    expect(gh.violations()).toEqual([]);
  });

  it('a summary over 65,535 bytes is cut with a note pointing at the full report', async () => {
    const gh = await server();
    const long = Array.from({ length: 900 }, (_, i) => `// TODO-SECURITY ${'x'.repeat(60)} ${i}`).join('\n');
    const report = await reportWith(0, { 'src/long.ts': `${long}\n` });
    report.findings = report.findings.map((f) => ({ ...f, message: `${f.message}: ${'very long explanation '.repeat(4)}` }));
    const links = { repository: 'https://github.com/octo-org/helpdesk', ref: 'a'.repeat(40) };
    const summary = checkRunSummary(report, { fullReportHint: 'Every finding is in the job summary of [this workflow run](https://github.com/octo-org/helpdesk/actions/runs/42).', links });
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535);
    expect(summary).toMatch(/✂️ [\d,]+ more lines? of this report (was|were) cut to fit the size limit\. Every finding is in the job summary of \[this workflow run\]/);
    expect(summary).toContain('### Checklist');

    const reporter = reporterFor(gh);
    await reporter.start();
    await reporter.finish(report, { fullReportHint: 'Every finding is in the job summary.' });
    expect(gh.violations()).toEqual([]);
    const last = gh.calls('checks/update').at(-1)!.body as { output: { summary: string } };
    expect(Buffer.byteLength(last.output.summary)).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(last.output.summary)).toBeGreaterThan(60_000);
    expect([...gh.checkRuns.values()][0]!.annotations).toHaveLength(901);
  });

  it('no network: reports locally, says so once, and nothing counts as a failed call', async () => {
    const gone = await new FakeGitHub('octo-org', 'helpdesk', TOKEN).start();
    const url = gone.url;
    await gone.close();
    const warnings: string[] = [];
    const reporter = reporterFor(url, warnings);
    await reporter.start();
    await reporter.finish(await reportWith(1));
    expect(reporter.annotated).toBe(false);
    expect(reporter.failures).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Security Gate reports without the GitHub API: the GitHub API is not reachable \(could not create the check run \(POST \/repos\/octo-org\/helpdesk\/check-runs\): /);
  });

  it('the job summary stays under 1 MiB of UTF-8 however wide the characters', async () => {
    const report = await reportWith(3000);
    // Wide characters in messages and in paths, which every folded line and link repeats.
    report.findings = report.findings.map((f, i) => ({ ...f, message: '漢字🔑'.repeat(60), location: { path: `src/${'漢字🔑'.repeat(40)}-${i}.ts`, line: 1 } }));
    const text = jobSummary(report, { fullReportHint: 'See the SARIF file.', links: { repository: 'https://github.com/octo-org/helpdesk', ref: 'a'.repeat(40) } });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(text, 'utf8')).toBeGreaterThan(1000 * 1024);
    expect(text).toMatch(/> ✂️ [\d,]+ more lines of this report were cut to fit the size limit\. See the SARIF file\.\n/);
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
  });

  it('the contract checker itself rejects what GitHub would not accept', async () => {
    const gh = await server();
    const res = await fetch(`${gh.url}/repos/octo-org/helpdesk/check-runs/7?foo=1`, {
      method: 'PATCH',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'completed', output: { summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm', titel: 'typo' }] } }),
    });
    expect(res.status).toBe(422);
    expect(gh.violations()).toEqual([
      'PATCH /repos/octo-org/helpdesk/check-runs/7: unknown query parameter foo',
      "PATCH /repos/octo-org/helpdesk/check-runs/7: body: must have required property 'conclusion'",
      'PATCH /repos/octo-org/helpdesk/check-runs/7: body/status: must be equal to one of the allowed values',
      'PATCH /repos/octo-org/helpdesk/check-runs/7: body: must match a schema in anyOf',
      "PATCH /repos/octo-org/helpdesk/check-runs/7: body/output: must have required property 'title'",
      'PATCH /repos/octo-org/helpdesk/check-runs/7: body/output/annotations/0: must NOT have additional properties (titel)',
      'PATCH /repos/octo-org/helpdesk/check-runs/7: body/output/annotations/0/annotation_level: must be equal to one of the allowed values',
    ]);
    gh.requests.length = 0; // this test sent the bad request on purpose
  });
});

describe('the check run on big pull requests and through failures', () => {
  /** The check runs the server holds that are not completed: none may be left so. */
  const inProgress = (gh: FakeGitHub) => [...gh.checkRuns.values()].filter((r) => r.status !== 'completed');

  it('420 findings in wide characters: the summary fits 65,535 bytes and the run completes', async () => {
    const gh = await server();
    const report = await reportWith(420);
    report.findings = report.findings.map((f, i) => ({ ...f, message: `Clé d'API 🔑 exposée dans le module ${i}: ${'é'.repeat(80)}` }));
    const reporter = reporterFor(gh);
    await reporter.start();
    await reporter.finish(report);
    expect(gh.violations()).toEqual([]);
    expect(reporter.failures).toEqual([]);
    expect(inProgress(gh)).toEqual([]);
    const run = [...gh.checkRuns.values()][0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.annotations).toHaveLength(421);
    const summary = run.output.summary ?? '';
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535);
    expect(summary).toContain("Clé d'API 🔑 exposée dans le module 0");
  });

  it('3,000 findings: 1,000 annotations in 20 requests, the rest counted in the summary, which is sent once', async () => {
    const gh = await server();
    const report = await reportWith(3000);
    const reporter = reporterFor(gh);
    await reporter.start();
    await reporter.finish(report);
    expect(gh.violations()).toEqual([]);
    const updates = gh.calls('checks/update').map((r) => r.body as { conclusion?: string; output: { summary: string; annotations?: unknown[] } });
    expect(updates).toHaveLength(20);
    expect(updates.filter((u) => u.output.summary.startsWith('## ')).length).toBe(1);
    expect(updates.at(-1)).toMatchObject({ conclusion: 'failure' });
    const run = [...gh.checkRuns.values()][0]!;
    expect(run.annotations).toHaveLength(1000);
    expect(run.output.summary).toContain('2,001 more finding(s) with a place in the files are not annotated (max-annotations: 1,000)');
    // What one re-sent summary per batch used to cost (≈ 20 × 64 KB) is now one summary and short notes.
    const sent = gh.calls('checks/update').reduce((n, r) => n + r.bytes, 0);
    const annotationBytes = updates.reduce((n, u) => n + Buffer.byteLength(JSON.stringify(u.output.annotations ?? [])), 0);
    expect(sent - annotationBytes).toBeLessThan(70_000);
  });

  it('any request that fails for good after the run was created: the run is still completed, and the error names the call', async () => {
    const report = await reportWith(130);
    // The run: POST create, then three PATCH updates (50, 50, 31 annotations). Kill each in turn, with a
    // 5xx that survives the retries and with a 422 that is not retried.
    for (const [k, status] of [[1, 502], [2, 502], [3, 502], [1, 422], [3, 422]] as const) {
      const gh = await server();
      gh.faults.push({ method: 'PATCH', skip: k - 1, times: status === 502 ? 4 : 1, status, body: { message: status === 502 ? 'Server Error' : 'Validation Failed' } });
      const reporter = reporterFor(gh);
      await reporter.start();
      await reporter.finish(report);
      expect(inProgress(gh), `PATCH ${k} → ${status}`).toEqual([]);
      const run = [...gh.checkRuns.values()][0]!;
      expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Failed: 131 errors (report incomplete)' } });
      const expected = k === 3 ? 'complete the check run (failure, a summary of' : `add annotations ${k === 1 ? '1–50' : '51–100'} of 131 to the check run`;
      expect(reporter.failures.map((f) => f.message)).toEqual([expect.stringContaining(`could not ${expected}`)]);
      expect(reporter.failures[0]!.message).toContain(`HTTP ${status}`);
      expect(run.output.summary).toContain(expected);
      expect(run.output.summary).toContain('The conclusion is the gate');
      expect(reporter.annotated).toBe(false);
      gh.requests.length = 0; // the faults were injected on purpose; what was sent was valid
    }
  });

  it('a 5xx storm after the check run was created still completes it', async () => {
    const gh = await server();
    gh.faults.push({ method: 'PATCH', times: 9, status: 503, body: { message: 'Service Unavailable' } });
    const reporter = reporterFor(gh);
    await reporter.start();
    await reporter.finish(await reportWith(130));
    expect(inProgress(gh)).toEqual([]);
    expect([...gh.checkRuns.values()][0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.calls('checks/update').map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 503, 200]);
    expect(reporter.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^could not add annotations 1–50 of 131 to the check run \(PATCH .*\): HTTP 503 Service Unavailable/)]);
    expect(gh.violations()).toEqual([]);
  });
});
