import { execFileSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAllowlist, compilePathPattern, decideAllow } from '../../src/checks/dependencies/allowlist.js';
import { parseNpm7 } from '../../src/checks/dependencies/formats/npm7.js';
import { PolicyError } from '../../src/policy/errors.js';
import { commit, git, makeDir, makeRepo, scanDir, summarise, writeFiles } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo, monorepoNpm7Report } from './monorepo.js';

function policy(lines: string[] = []): string {
  return ['version: 1', 'extends: []', 'checks:', '  dependencies:', '    reports: [npm-audit.json]', ...lines.map((l) => `    ${l}`), ''].join('\n');
}

function repo(extra: Record<string, string> = {}): string {
  return makeRepo({ ...monorepo('npm-v3'), 'npm-audit.json': monorepoNpm7Report(), ...extra });
}

/** Findings carry the advisory and the package in their properties (the identity only feeds the fingerprint). */
function advisoryIs(f: { properties?: Record<string, unknown> }, id: string, pkg: string): boolean {
  return (f.properties?.advisory as { id?: string } | undefined)?.id === id && f.properties?.package === pkg;
}

describe('annotations on the direct dependency', () => {
  it('npm 7+ in a monorepo: each advisory on the package.json line that brings it, transitive ones with their path', async () => {
    const report = await scanDir(repo(), { policy: policy() });
    expect(summarise(report)).toEqual([
      'dependencies/vulnerable package.json:6',
      'dependencies/vulnerable package.json:9',
      'dependencies/vulnerable packages/api/package.json:5',
      // GHSA-pw2r-vq6v-hr8c of follow-redirects is moderate, below the default threshold (high).
      'dependencies/below-threshold packages/web/package.json:6',
      'dependencies/vulnerable packages/web/package.json:6',
      'dependencies/vulnerable packages/web/package.json:6',
      'dependencies/vulnerable packages/web/package.json:6',
      'dependencies/vulnerable packages/web/package.json:6',
    ]);
    expect(report.verdict).toBe('fail');
    const fr = report.findings.find((f) => advisoryIs(f, 'GHSA-74fj-2j2h-c42q', 'follow-redirects'));
    expect(fr?.message).toBe(
      'follow-redirects@1.0.0: Exposure of sensitive information in follow-redirects (high; GHSA-74fj-2j2h-c42q). Vulnerable: <1.14.7; fix: axios@0.26.0 (semver-major). Pulled in by `axios`: axios > follow-redirects.',
    );
    expect(fr?.location).toEqual({ path: 'packages/web/package.json', line: 6, column: 5, endLine: 6, endColumn: 12 });
    expect(fr?.properties).toMatchObject({ package: 'follow-redirects', versions: ['1.0.0'], paths: ['axios>follow-redirects'], via: 'axios', direct: false, dev: false, status: 'fail', manager: 'npm' });
    expect(fr?.help).toContain('(cd packages/web && npm install axios@0.26.0)');
    const qs = report.findings.find((f) => advisoryIs(f, 'GHSA-hrpp-h998-j3pp', 'qs'));
    expect(qs?.message).toBe(
      'qs@6.10.2: qs vulnerable to Prototype Pollution (high, CVSS 7.5; GHSA-hrpp-h998-j3pp). Vulnerable: >=6.10.0 <6.10.3; fix: qs@6.11.2.',
    );
    const open = report.findings.find((f) => advisoryIs(f, 'GHSA-28xh-wpgr-7fm8', 'open'));
    expect(open?.message).toMatch(/Dev dependency only\.$/);
  });

  it('Yarn 4 names only the parent: the path comes from the lockfile', async () => {
    const yarn4 = [
      '{"value":"follow-redirects","children":{"ID":1096856,"Issue":"Exposure of sensitive information in follow-redirects","URL":"https://github.com/advisories/GHSA-74fj-2j2h-c42q","Severity":"high","Vulnerable Versions":"<1.14.7","Tree Versions":["1.0.0"],"Dependents":["axios@npm:0.15.3"]}}',
      '{"value":"ms","children":{"ID":1094419,"Issue":"Vercel ms Inefficient Regular Expression Complexity vulnerability","URL":"https://github.com/advisories/GHSA-w9mr-4mfr-499f","Severity":"moderate","Vulnerable Versions":"<2.0.0","Tree Versions":["2.0.0"],"Dependents":["debug@npm:2.6.9"]}}',
    ].join('\n');
    const root = makeRepo({ ...monorepo('yarn-berry'), 'yarn-audit.json': `${yarn4}\n` });
    const report = await scanDir(root, { policy: policy(['fail-on-severity: moderate']).replace('npm-audit.json', 'yarn-audit.json') });
    expect(summarise(report)).toEqual(['dependencies/vulnerable packages/web/package.json:6', 'dependencies/vulnerable packages/web/package.json:6']);
    expect(report.findings.map((f) => `${f.properties?.package}: ${(f.properties?.paths as string[]).join('; ')}`).sort()).toEqual([
      'follow-redirects: axios>follow-redirects',
      'ms: axios>follow-redirects>debug>ms',
    ]);
    const ms = report.findings.find((f) => f.properties?.package === 'ms');
    expect(ms?.message).toMatch(/Pulled in by `axios`: axios > follow-redirects > debug > ms\.$/);
    // Yarn 4 gives no patched range: the fix is inferred, and the command is Yarn's.
    expect(ms?.help).toContain('yarn up -R ms');
  });

  it('osv-scanner over two lockfiles: each finding placed through its own lockfile', async () => {
    const vuln = (id: string, pkg: string, summary: string, introduced: string, fixed: string, severity: string) => ({
      id,
      summary,
      affected: [{ package: { name: pkg, ecosystem: 'npm' }, ranges: [{ type: 'SEMVER', events: [{ introduced }, { fixed }] }] }],
      database_specific: { severity },
    });
    const root = makeRepo({ ...monorepo('npm-v3'), 'tools/cli/package.json': fixture('npm-high', 'package.json'), 'tools/cli/package-lock.json': fixture('npm-high', 'package-lock.json') });
    const osv = {
      results: [
        {
          source: { path: join(root, 'package-lock.json'), type: 'lockfile' },
          packages: [{ package: { name: 'follow-redirects', version: '1.0.0', ecosystem: 'npm' }, vulnerabilities: [vuln('GHSA-74fj-2j2h-c42q', 'follow-redirects', 'Exposure of sensitive information in follow-redirects', '0', '1.14.7', 'HIGH')], groups: [{ ids: ['GHSA-74fj-2j2h-c42q'], max_severity: '8.0' }] }],
        },
        {
          source: { path: join(root, 'tools/cli/package-lock.json'), type: 'lockfile' },
          packages: [{ package: { name: 'qs', version: '6.10.2', ecosystem: 'npm' }, vulnerabilities: [vuln('GHSA-hrpp-h998-j3pp', 'qs', 'qs vulnerable to Prototype Pollution', '6.10.0', '6.10.3', 'HIGH')], groups: [{ ids: ['GHSA-hrpp-h998-j3pp'], max_severity: '7.5' }] }],
        },
      ],
    };
    writeFiles(root, { 'osv.json': JSON.stringify(osv, null, 2) });
    const report = await scanDir(root, { policy: policy().replace('npm-audit.json', 'osv.json') });
    expect(summarise(report)).toEqual(['dependencies/vulnerable packages/web/package.json:6', 'dependencies/vulnerable tools/cli/package.json:5']);
    expect(report.findings[0]?.message).toBe(
      'follow-redirects@1.0.0: Exposure of sensitive information in follow-redirects (high, CVSS 8; GHSA-74fj-2j2h-c42q). Vulnerable: <1.14.7; patched: >=1.14.7; fix: follow-redirects@1.14.7. Pulled in by `axios`: axios > follow-redirects.',
    );
    expect(report.findings[1]?.help).toContain('(cd tools/cli && npm install qs@6.10.3)');
  });

  it('fingerprints do not move when unrelated lines are added above the dependency', async () => {
    const root = repo();
    const a = await scanDir(root, { policy: policy() });
    const files = monorepo('npm-v3');
    const web = (files['packages/web/package.json'] as string).replace('"version": "1.0.0",', '"version": "1.0.0",\n  "description": "the web app",\n  "license": "MIT",');
    commit(root, { 'packages/web/package.json': web });
    const b = await scanDir(root, { policy: policy() });
    const pick = (r: typeof a) => r.findings.filter((f) => f.location?.path === 'packages/web/package.json').map((f) => [f.fingerprint, f.location?.line]);
    expect(pick(b).map((x) => x[0])).toEqual(pick(a).map((x) => x[0]));
    expect(pick(b).map((x) => x[1])).toEqual([8, 8, 8, 8, 8]);
  });
});

describe('thresholds and dev dependencies', () => {
  it('below fail-on-severity advisories are notices; ignore-dev drops dev-only ones', async () => {
    const report = await scanDir(repo(), { policy: policy(['fail-on-severity: critical', 'ignore-dev: true']) });
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.properties?.package}`).sort()).toEqual([
      'dependencies/below-threshold notice axios',
      'dependencies/below-threshold notice axios',
      'dependencies/below-threshold notice axios',
      'dependencies/below-threshold notice follow-redirects',
      'dependencies/below-threshold notice follow-redirects',
      'dependencies/below-threshold notice qs',
      'dependencies/vulnerable error minimist',
    ]);
    expect(report.verdict).toBe('fail');
    expect(report.findings.some((f) => f.properties?.package === 'open')).toBe(false);
    expect(report.findings.find((f) => f.properties?.package === 'qs')?.message).toMatch(/Below fail-on-severity \(critical\): listed, not failing\.$/);
  });
});

describe('the allowlist', () => {
  it('by GHSA, CVE, source id, package with range, and path; allowed advisories stay visible as suppressed', async () => {
    const allow = [
      'allow:',
      '  - id: GHSA-hrpp-h998-j3pp',
      '    reason: qs only parses our own query strings',
      '    expires: 2027-06-30',
      '  - id: "1066786"',
      '    reason: open runs only in the dev server',
      '    expires: 2027-06-30',
      '  - package: minimist',
      '    version: "<1.2.6"',
      '    reason: minimist only parses our CLI flags',
      '    expires: 2027-06-30',
      '  - path: "axios>**"',
      '    reason: axios calls only our own API',
      '    expires: 2027-06-30',
      '  - package: axios',
      '    reason: axios calls only our own API',
      '    expires: 2027-06-30',
    ];
    const report = await scanDir(repo(), { policy: policy(allow), now: new Date('2026-11-23T12:00:00Z') });
    expect(summarise(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.suppressed.map((s) => `${s.ruleId} ${s.properties?.package} ${s.suppression.kind}`).sort()).toEqual([
      'dependencies/below-threshold follow-redirects allowlist',
      'dependencies/vulnerable axios allowlist',
      'dependencies/vulnerable axios allowlist',
      'dependencies/vulnerable axios allowlist',
      'dependencies/vulnerable follow-redirects allowlist',
      'dependencies/vulnerable minimist allowlist',
      'dependencies/vulnerable open allowlist',
      'dependencies/vulnerable qs allowlist',
    ]);
    expect(report.suppressed.find((s) => s.properties?.package === 'qs')?.suppression.reason).toBe('qs only parses our own query strings (allowed until 2027-06-30, security-policy.yml:7)');
  });

  it('a package entry with a range that does not cover the installed version does not apply', async () => {
    const report = await scanDir(repo(), { policy: policy(['allow:', '  - package: minimist', '    version: "<1.2.0"', '    reason: old versions only', '    expires: 2027-06-30']), now: new Date('2026-11-23T12:00:00Z') });
    expect(report.findings.some((f) => f.properties?.package === 'minimist' && f.ruleId === 'dependencies/vulnerable')).toBe(true);
    expect(summarise(report)).toContain('dependencies/allow-stale security-policy.yml:7');
  });

  it('a path entry takes only its paths: the advisory fails while another path remains', async () => {
    const lock = fixture('npm-allowlisted-path', 'package-lock.json');
    const files = { 'package.json': fixture('npm-allowlisted-path', 'package.json'), 'package-lock.json': lock, 'npm-audit.json': fixture('npm-allowlisted-path', 'npm-output.json') };
    const partial = await scanDir(makeRepo(files), { policy: policy(['allow:', '  - path: "github-build>*>follow-redirects"', '    reason: github-build only runs in CI', '    expires: 2027-06-30']), now: new Date('2026-11-23T12:00:00Z') });
    const fr = partial.findings.filter((f) => f.properties?.package === 'follow-redirects');
    expect(fr.map((f) => f.properties?.paths)).toEqual([['axios>follow-redirects'], ['axios>follow-redirects']]);
    expect(partial.suppressed).toEqual([]);
    const whole = await scanDir(makeRepo(files), { policy: policy(['allow:', '  - path: "**>follow-redirects"', '    reason: redirects are never followed', '    expires: 2027-06-30']), now: new Date('2026-11-23T12:00:00Z') });
    expect(whole.findings.filter((f) => f.properties?.package === 'follow-redirects')).toEqual([]);
    expect(whole.suppressed.map((s) => s.properties?.package)).toEqual(['follow-redirects', 'follow-redirects']);
  });

  it('expired entries stop applying and are reported; entries that match nothing are stale', async () => {
    const allow = [
      'allow:',
      '  - id: CVE-2022-24999',
      '    reason: accepted until the upgrade',
      '    expires: 2026-10-31',
      '  - id: GHSA-aaaa-bbbb-cccc',
      '    reason: an advisory we no longer have',
      '    expires: 2027-01-31',
    ];
    const report = await scanDir(repo(), { policy: policy(allow), now: new Date('2026-11-23T12:00:00Z') });
    expect(summarise(report)).toContain('dependencies/allow-expired security-policy.yml:7');
    expect(summarise(report)).toContain('dependencies/allow-stale security-policy.yml:10');
    expect(report.findings.find((f) => f.ruleId === 'dependencies/allow-expired')?.message).toBe(
      'The allow entry for CVE-2022-24999 expired on 2026-10-31 and no longer applies ("accepted until the upgrade"). Fix the advisory, or renew the entry with a new date and reason.',
    );
    // The expired entry no longer accepts anything: qs fails.
    expect(report.findings.some((f) => advisoryIs(f, 'GHSA-hrpp-h998-j3pp', 'qs') && f.ruleId === 'dependencies/vulnerable')).toBe(true);
    const lastDay = await scanDir(repo(), { policy: policy(allow), now: new Date('2026-10-31T23:59:00Z') });
    expect(summarise(lastDay).filter((s) => s.startsWith('dependencies/allow-expired'))).toEqual([]);
  });

  it('an expired entry that covered an advisory says the advisory counts again', async () => {
    const files = { 'package.json': fixture('npm-high', 'package.json'), 'package-lock.json': fixture('npm-high', 'package-lock.json'), 'npm-audit.json': fixture('npm-high', 'npm-output.json') };
    const report = await scanDir(makeRepo(files), { policy: policy(['allow:', '  - id: CVE-2022-24999', '    reason: accepted until the upgrade', '    expires: 2026-10-31']), now: new Date('2026-11-23T12:00:00Z') });
    expect(summarise(report)).toEqual(['dependencies/vulnerable package.json:5', 'dependencies/allow-expired security-policy.yml:7']);
    expect(report.findings[1]?.message).toMatch(/1 advisory it covered counts again\./);
  });

  it('stale entries are not reported when an audit could not be read', async () => {
    const report = await scanDir(repo({ 'npm-audit.json': '' }), { policy: policy(['allow:', '  - id: GHSA-hrpp-h998-j3pp', '    reason: qs only parses our own strings', '    expires: 2027-06-30']), now: new Date('2026-11-23T12:00:00Z') });
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
  });

  it('dates that are not dates, ranges that are not ranges and entries without a target are policy errors', async () => {
    const root = repo();
    const bad = async (entry: string[]) => {
      try {
        await scanDir(root, { policy: policy(['allow:', ...entry]) });
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        return (error as PolicyError).message;
      }
      throw new Error('expected a policy error');
    };
    expect(await bad(['  - id: GHSA-hrpp-h998-j3pp', '    reason: fine for now', '    expires: 31/12/2026'])).toMatch(/security-policy.yml:9.*"31\/12\/2026" is not a valid date \(write YYYY-MM-DD/s);
    expect(await bad(['  - id: GHSA-hrpp-h998-j3pp', '    reason: fine for now', '    expires: 2026-02-30'])).toMatch(/"2026-02-30" is not a valid date/);
    expect(await bad(['  - package: qs', '    version: "not a range"', '    reason: fine for now', '    expires: 2027-01-01'])).toMatch(/"not a range" is not a semver range/);
    expect(await bad(['  - reason: fine for now', '    expires: 2027-01-01'])).toMatch(/an allow entry needs an `id`, a `package` or a `path`/);
    expect(await bad(['  - id: GHSA-hrpp-h998-j3pp', '    reason: fine for now'])).toMatch(/missing the required key "expires"/);
  });

  it('an advisory with more paths than are kept is never accepted path by path', () => {
    const roots = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    const vulnerabilities: Record<string, unknown> = {
      x: { name: 'x', severity: 'high', isDirect: false, via: [{ source: 1, name: 'x', title: 'X is bad', url: 'https://github.com/advisories/GHSA-2222-3333-4444', severity: 'high', range: '<2.0.0' }], effects: roots, nodes: ['node_modules/x'] },
    };
    for (const r of roots) vulnerabilities[r] = { name: r, severity: 'high', isDirect: true, via: ['x'], effects: [], nodes: [`node_modules/${r}`] };
    const parsed = parseNpm7({ auditReportVersion: 2, vulnerabilities, metadata: { vulnerabilities: { total: 8 } } } as never);
    const x = parsed.vulnerabilities[0];
    expect(x).toMatchObject({ package: 'x', paths: ['r1>x', 'r2>x', 'r3>x', 'r4>x', 'r5>x'], pathsTruncated: true });
    const allow = compileAllowlist([{ path: '**>x', reason: 'x is unreachable', expires: '2099-01-01' }], new Date('2026-11-23'));
    const decision = decideAllow(x as never, allow);
    expect(decision.remainingPaths).toEqual([]);
    expect(decision.allowedBy).toBeUndefined();
  });

  it('path patterns: `*` is one package, `**` any number', () => {
    const m = (p: string, path: string) => compilePathPattern(p)(path);
    expect(m('a>b>c', 'a>b>c')).toBe(true);
    expect(m('a>*>c', 'a>b>c')).toBe(true);
    expect(m('a>*>c', 'a>b>x>c')).toBe(false);
    expect(m('a>**>c', 'a>b>x>c')).toBe(true);
    expect(m('a>**>c', 'a>c')).toBe(true);
    expect(m('**>c', 'c')).toBe(true);
    expect(m('@scope/*>c', '@scope/pkg>c')).toBe(true);
    expect(m('a>b', 'a>b>c')).toBe(false);
    expect(m('a.b>c', 'aXb>c')).toBe(false);
  });
});

describe('three outcomes, never two', () => {
  it('a missing report, the 405 object, and a report older than the lockfile are audit-unavailable errors', async () => {
    const missing = await scanDir(makeRepo(monorepo('npm-v3')), { policy: policy() });
    expect(summarise(missing)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(missing.findings[0]?.message).toBe(
      'Dependency audit unavailable — npm-audit.json: npm-audit.json does not exist: the workflow step that writes it did not run before the gate, or wrote it elsewhere. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.',
    );
    expect(missing.verdict).toBe('fail');

    const refused = await scanDir(repo({ 'npm-audit.json': fixture('../recorded', 'npm-11-405.json') }), { policy: policy() });
    expect(summarise(refused)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(refused.findings[0]?.message).toMatch(/^Dependency audit unavailable — npm-audit.json: the audit failed: 405 Method Not Allowed - POST https:\/\/registry.npmjs.org\/-\/npm\/v1\/security\/advisories\/bulk\./);
    expect(refused.verdict).toBe('fail');

    // Written by the workflow (untracked), then the lockfile changed.
    const root = makeRepo(monorepo('npm-v3'));
    writeFiles(root, { 'npm-audit.json': monorepoNpm7Report() });
    const past = new Date('2026-11-01T00:00:00Z');
    utimesSync(join(root, 'npm-audit.json'), past, past);
    const stale = await scanDir(root, { policy: policy() });
    expect(summarise(stale)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(stale.findings[0]?.message).toMatch(/the report is older than the lockfile: npm-audit.json was written before package-lock.json last changed \(2026-11-01T00:00:00.000Z vs /);
  });

  it('a committed report older than a later lockfile commit is stale; one committed with it is not', async () => {
    const root = repo();
    expect(summarise(await scanDir(root, { policy: policy() }))).toHaveLength(8);
    const lock = JSON.parse(monorepo('npm-v3')['package-lock.json'] as string);
    lock.packages['node_modules/qs'].version = '6.10.2';
    lock.name = 'demo-monorepo-renamed';
    // Git times have one-second resolution: commit the lockfile change visibly later.
    writeFiles(root, { 'package-lock.json': JSON.stringify(lock, null, 2) });
    git(root, 'add', '-A');
    execFileSync('git', ['commit', '-q', '-m', 'bump lockfile'], { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com', GIT_COMMITTER_DATE: '2099-01-01T00:00:00Z', GIT_CONFIG_NOSYSTEM: '1' } });
    const stale = await scanDir(root, { policy: policy() });
    expect(summarise(stale)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(stale.findings[0]?.message).toMatch(/package-lock.json was committed after npm-audit.json/);
  });

  it('a second lockfile that no report covers is not evaluated; `require-audit` makes it a finding on that lockfile', async () => {
    const files = { 'tools/cli/package.json': fixture('npm-none', 'package.json'), 'tools/cli/package-lock.json': fixture('npm-none', 'package-lock.json') };
    const report = await scanDir(repo(files), { policy: policy() });
    expect(summarise(report).filter((s) => !s.startsWith('dependencies/vulnerable') && !s.startsWith('dependencies/below'))).toEqual([]);
    const check = report.checks.find((c) => c.id === 'dependencies');
    const reason = 'tools/cli/package-lock.json is not audited: no report in `checks.dependencies.reports` is about it (add one, with `project: tools/cli` when it is written elsewhere, or set `run: true`)';
    expect(check?.notEvaluated).toEqual([reason]);
    // The advisories of the audited lockfile are findings; the rule is still failed, not "not evaluated".
    expect(check?.rules.find((r) => r.id === 'dependencies/vulnerable')?.status).toBe('fail');
    expect(check?.rules.find((r) => r.id === 'dependencies/no-audit')).toMatchObject({ status: 'not-evaluated', reason });

    const strict = await scanDir(repo(files), { policy: policy(['require-audit: true']) });
    expect(summarise(strict).filter((s) => s.startsWith('dependencies/no-audit'))).toEqual(['dependencies/no-audit tools/cli/package-lock.json']);
    expect(strict.findings.find((f) => f.ruleId === 'dependencies/no-audit')?.message).toBe(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}. The policy requires an audit (\`require-audit\`).`);
  });

  it('no report and no run: the lockfile rules still run, the advisory rules are not evaluated (never passed)', async () => {
    const root = makeRepo({ ...monorepo('npm-v3') });
    // The recommended preset, without the tests check (this fixture has no test script, which it would report).
    const defaulted = await scanDir(root, { policy: 'version: 1\nchecks:\n  tests:\n    enabled: false\n' });
    expect(summarise(defaulted)).toEqual([]);
    const reason =
      'no dependency audit was given for npm (package-lock.json): add a workflow step `npm audit --json > npm-audit.json || true` before the gate and list the file in `checks.dependencies.reports`, or set `run: true`';
    const check = defaulted.checks.find((c) => c.id === 'dependencies');
    expect(check?.notEvaluated).toEqual([reason]);
    expect(check?.rules.filter((r) => r.status === 'not-evaluated').map((r) => r.id)).toEqual(['dependencies/vulnerable', 'dependencies/below-threshold', 'dependencies/known-vulnerable', 'dependencies/no-audit']);
    expect(check?.rules.find((r) => r.id === 'dependencies/lockfile-out-of-sync')?.status).toBe('pass');
    expect(defaulted.checklist?.find((i) => i.text === 'No known vulnerable packages')?.status).toBe('not-evaluated');

    const strict = await scanDir(root, { policy: 'version: 1\nchecks:\n  tests:\n    enabled: false\n  dependencies:\n    require-audit: true\n' });
    expect(summarise(strict)).toEqual(['dependencies/no-audit package-lock.json']);
    expect(strict.verdict).toBe('fail');
    const noDeps = await scanDir(makeDir({ 'package.json': '{"name":"x"}' }), { only: ['dependencies'] });
    expect(summarise(noDeps)).toEqual([]);
  });
});

describe('new-only on pull requests', () => {
  function prRepo() {
    const files = monorepo('npm-v3');
    const api = JSON.parse(files['packages/api/package.json'] as string);
    delete api.dependencies;
    const lock = JSON.parse(files['package-lock.json'] as string);
    delete lock.packages['node_modules/minimist'];
    delete lock.packages['packages/api'].dependencies;
    const root = makeRepo({ ...files, 'packages/api/package.json': JSON.stringify(api, null, 2), 'package-lock.json': JSON.stringify(lock, null, 2) });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const head = commit(root, { 'packages/api/package.json': files['packages/api/package.json'] as string, 'package-lock.json': files['package-lock.json'] as string }, 'add minimist');
    writeFiles(root, { 'npm-audit.json': monorepoNpm7Report() });
    return { root, base, head };
  }

  it('fails only on what the PR adds; the rest is listed as known; the new package is shown', async () => {
    const { root, base, head } = prRepo();
    const report = await scanDir(root, { policy: policy(['new-only: true']), scope: { kind: 'pr', base, head } });
    expect(report.findings.map((f) => `${f.ruleId} ${f.location?.path}:${f.location?.line} ${f.properties?.package}`).sort()).toEqual([
      'dependencies/known-vulnerable package.json:6 qs',
      'dependencies/known-vulnerable package.json:9 open',
      'dependencies/known-vulnerable packages/web/package.json:6 axios',
      'dependencies/known-vulnerable packages/web/package.json:6 axios',
      'dependencies/known-vulnerable packages/web/package.json:6 axios',
      'dependencies/known-vulnerable packages/web/package.json:6 follow-redirects',
      'dependencies/known-vulnerable packages/web/package.json:6 follow-redirects',
      'dependencies/new-package packages/api/package.json:5 minimist',
      'dependencies/vulnerable packages/api/package.json:5 minimist',
    ]);
    expect(report.verdict).toBe('fail');
    const added = report.findings.find((f) => f.ruleId === 'dependencies/new-package');
    expect(added?.message).toBe('New dependency `minimist` ("1.2.5", locked at 1.2.5). Advisories: minimist GHSA-xvch-5gv4-984h (critical).');
    expect(added?.properties).toMatchObject({ package: 'minimist', version: '1.2.5', newPackages: ['minimist@1.2.5'], newPackageCount: 1 });
    expect(report.findings.find((f) => f.properties?.package === 'qs')?.message).toMatch(/^Already on the base branch \(not changed by this pull request\): qs@6.10.2/);

    const all = await scanDir(root, { policy: policy(), scope: { kind: 'pr', base, head } });
    expect(all.findings.filter((f) => f.ruleId === 'dependencies/vulnerable')).toHaveLength(7);
    expect(all.findings.filter((f) => f.ruleId === 'dependencies/new-package')).toHaveLength(1);
  });

  it('without the base commit every advisory counts as new, and the summary says why', async () => {
    const { root, head } = prRepo();
    const report = await scanDir(root, { policy: policy(['new-only: true']), scope: { kind: 'pr', base: 'f'.repeat(40), head } });
    expect(report.findings.filter((f) => f.ruleId === 'dependencies/vulnerable')).toHaveLength(7);
    expect(summarise(report)).toContain('dependencies/base-unavailable security-policy.yml:6');
    expect(report.findings.find((f) => f.ruleId === 'dependencies/base-unavailable')?.message).toBe(
      'new-only: the PR base ffffffffffff is not in this clone (check out with `fetch-depth: 0`). Every advisory is treated as new.',
    );
  });
});

describe('pinning', () => {
  it('ranges, tags and unpinned git URLs on their lines; exact versions, local paths and commits pass', async () => {
    const pkg = {
      name: 'app',
      dependencies: {
        a: '^1.2.0',
        b: '~1.2.0',
        c: '*',
        d: 'latest',
        e: '1.x',
        f: 'github:user/repo',
        g: 'github:user/repo#0123abc',
        h: 'git+https://github.invalid/u/r.git#v1.0.0',
        i: 'file:../x',
        j: 'workspace:*',
        k: '1.2.3',
        l: '=1.2.3',
        m: 'npm:other@^1.0.0',
        n: 'https://example.invalid/n-1.0.0.tgz',
        o: '>=1.0.0 <2',
      },
      devDependencies: { p: '^3.0.0' },
      peerDependencies: { q: '^18.0.0' },
    };
    const root = makeDir({ 'package.json': JSON.stringify(pkg, null, 2) });
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    require-pinned: true\n    severity: {dependencies/no-lockfile: "off"}\n' });
    expect(summarise(report)).toEqual([4, 5, 6, 7, 8, 9, 11, 16, 18, 21].map((l) => `dependencies/unpinned package.json:${l}`));
    expect(report.findings.map((f) => f.message)).toEqual([
      '`a` is the range "^1.2.0". Pin an exact version.',
      '`b` is the range "~1.2.0". Pin an exact version.',
      '`c` is "*", any version. Pin an exact version.',
      '`d` is "latest", any version. Pin an exact version.',
      '`e` is the range "1.x". Pin an exact version.',
      '`f` is a git URL without a commit: pin one (#<sha>). Pin an exact version.',
      '`h` is a git reference to "v1.0.0", which can move: pin a commit (#<sha>). Pin an exact version.',
      '`m` is the range "^1.0.0". Pin an exact version.',
      '`o` is the range ">=1.0.0 <2". Pin an exact version.',
      '`p` is the range "^3.0.0". Pin an exact version.',
    ]);
    const production = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    require-pinned: production\n    severity: {dependencies/no-lockfile: "off"}\n' });
    expect(summarise(production)).toEqual([4, 5, 6, 7, 8, 9, 11, 16, 18].map((l) => `dependencies/unpinned package.json:${l}`));
  });

  it('suggests the locked version', async () => {
    const report = await scanDir(makeRepo(monorepo('npm-v3')), { policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    require-pinned: true\n    severity: {dependencies/no-audit: "off"}\n' });
    expect(summarise(report)).toEqual(['dependencies/unpinned packages/web/package.json:6']);
    expect(report.findings[0]?.message).toBe('`axios` is the range "^0.15.3". Pin the locked version: "axios": "0.15.3".');
  });
});
