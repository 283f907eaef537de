// npm run bench -- github-report [-- --findings 130,3000] [--reruns 1]
//
// What reporting a pull request costs on GitHub, counted rather than timed: a real git repository whose
// pull request adds N findings (security TODOs with multi-byte text, 100 per file, on added lines), reported
// by the GitHubReporter to the emulated GitHub of the tests (every request checked against GitHub's OpenAPI
// description). For the first run and each re-run it prints the requests by operation, the bytes sent,
// the writes (GitHub asks integrations to pace writes one second apart, so writes ≈ seconds of pacing),
// the check run's state, and the review comments posted.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import { scan } from '../src/core/engine.js';
import { GitHubReporter } from '../src/github/reporter.js';
import { loadPolicy } from '../src/policy/load.js';
import { Git } from '../src/sources/git.js';
import { Redactor } from '../src/util/redact.js';
import { FakeGitHub } from '../__tests__/helpers/fake-github.js';
import { marker } from '../__tests__/helpers/marker-check.js';
import { pullFilesFromGit } from '../__tests__/helpers/pull-files.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const sizes = (option('--findings') ?? '130,3000').split(',').map(Number);
const reruns = Number(option('--reruns') ?? 1);
const TOKEN = 'ghs_benchToken000000000000000000000000000';
const checks = [...CHECKS, marker] as Check<never>[];
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function git(root: string, ...a: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...a], { cwd: root, encoding: 'utf8' });
}

async function once(n: number): Promise<void> {
  const root = join(process.cwd(), '.bench', 'github-report', `pr-${n}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'security-policy.yml'), 'version: 1\nchecks:\n  marker: {}\n');
  writeFileSync(join(root, 'src/app.ts'), 'export {};\n');
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  const base = git(root, 'rev-parse', 'HEAD').trim();
  git(root, 'checkout', '-qb', 'feature');
  for (let f = 0; f * 100 < n; f++) {
    const lines = Array.from({ length: Math.min(100, n - f * 100) }, (_, i) => `export const k${i} = ${i}; // TODO-SECURITY rotate the clé ${f}-${i} 🔑`);
    writeFileSync(join(root, `src/module-${String(f).padStart(3, '0')}.ts`), `${lines.join('\n')}\n`);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'feature');
  const head = git(root, 'rev-parse', 'HEAD').trim();

  const gh = await new FakeGitHub('octo-org', 'helpdesk', TOKEN).start();
  gh.pulls.set(7, { files: pullFilesFromGit(root, base, head), headSha: head, baseSha: base, headRepo: 'octo-org/helpdesk' });
  const loaded = await loadPolicy({ root, checks });
  const report = await scan({ root, loaded, checks, scope: { kind: 'pr', base, head }, redactor: new Redactor(), log: quiet });
  console.log(`\n${n} findings requested: the report has ${report.findings.length}`);
  for (let run = 0; run <= reruns; run++) {
    const before = gh.requests.length;
    const reporter = new GitHubReporter({
      token: TOKEN,
      apiUrl: gh.url,
      target: { repo: { owner: 'octo-org', repo: 'helpdesk' }, headSha: head, pr: { owner: 'octo-org', repo: 'helpdesk', number: 7, baseSha: base, headSha: head }, runUrl: 'https://github.com/octo-org/helpdesk/actions/runs/1' },
      checkName: 'Security Gate',
      reviewComments: true,
      stickyComment: false,
      log: quiet,
      warn: () => {},
      waitScale: 0.001,
      git: () => Git.open(root),
    });
    await reporter.start();
    await reporter.finish(report);
    const sent = gh.requests.slice(before);
    const byOp = new Map<string, number>();
    for (const r of sent) byOp.set(`${r.method} ${r.operationId ?? r.path} ${r.status}`, (byOp.get(`${r.method} ${r.operationId ?? r.path} ${r.status}`) ?? 0) + 1);
    const bytes = sent.reduce((a, r) => a + r.bytes, 0);
    const writes = sent.filter((r) => r.method !== 'GET').length;
    const checkRun = [...gh.checkRuns.values()].at(-1);
    const newComments = gh.reviewComments.filter((c) => sent.some((r) => r.operationId === 'pulls/create-review' && c.pull_request_review_id !== null)).length;
    console.log(`  ${run === 0 ? 'first run' : `re-run ${run}`}: ${sent.length} requests, ${(bytes / 1024).toFixed(1)} KiB sent, ${writes} writes (≈ ${writes} s of pacing); check run ${checkRun?.status}/${checkRun?.conclusion ?? '-'} with ${checkRun?.annotations.length ?? 0} annotations; reviews ${gh.reviews.length}, review comments ${gh.reviewComments.length}${newComments ? '' : ''}; failures ${reporter.failures.length}${reporter.failures[0] ? ` (${reporter.failures[0].message.slice(0, 160)})` : ''}`);
    for (const [op, count] of byOp) console.log(`    ${String(count).padStart(4)} × ${op}`);
    if (gh.violations().length) console.log(`  contract violations: ${gh.violations().length}, e.g. ${gh.violations()[0]?.slice(0, 200)}`);
  }
  await gh.close();
}

for (const n of sizes) await once(n);
