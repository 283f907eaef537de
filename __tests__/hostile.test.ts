// Hostile repositories and pull requests (issue 16): each case is an attack that once passed the gate,
// leaked a file or wrote outside the repository, run against the real CLI entry, real git and real
// symlinks. The whole file runs in seconds.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretIdentity } from '../src/checks/secrets/hits.js';
import { main, type CliIo } from '../src/cli/main.js';
import { fingerprintOf } from '../src/core/finding.js';
import { UNKEYED } from '../src/sources/repository-key.js';
import { apiOrigin } from '../src/policy/origin.js';
import { RemotePolicyError } from '../src/policy/remote.js';
import { buildAction, runAction } from './helpers/action.js';
import { commit, git, makeDir, makeRepo } from './helpers/repo.js';
import { SampleRandom, githubToken } from './helpers/secret-samples.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr, all: stdout + stderr };
}

const random = new SampleRandom(1616);
const STRIPE = `sk_live_${random.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
const TOKEN = githubToken(random);
const BASE_POLICY = 'version: 1\nextends: [recommended]\nfail-on: error\n';

describe('a pull request cannot switch its own gate off (policy-source: base)', () => {
  /** main: a strict policy; the branch adds a secret and a policy that would let it through. */
  function weakeningPullRequest() {
    const root = makeRepo({ 'security-policy.yml': BASE_POLICY, '.security-gate/baseline.json': '{"version": 1, "findings": []}\n', 'src/app.ts': 'export const app = 1;\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, {
      'src/billing.ts': `export const stripe = '${STRIPE}';\n`,
      'security-policy.yml': [
        'version: 1',
        'extends: [recommended]',
        'fail-on: none',
        'baseline: .security-gate/baseline.json',
        'checks:',
        '  secrets:',
        '    enabled: false',
        '  files:',
        '    severity: {files/sensitive-file: "off"}',
        'ignore: ["src/billing.ts"]',
        'exceptions:',
        '  - rule: "secrets/*"',
        '    reason: temporary',
        '    expires: 2099-12-31',
        '',
      ].join('\n'),
      '.security-gate/baseline.json': JSON.stringify({ version: 1, findings: [{ fingerprint: 'ab12cd34ef56ab12cd34ef56ab12cd34', rule: 'secrets/stripe-live-secret-key' }] }, null, 2) + '\n',
    });
    return { root, base };
  }

  it('judges by the base commit\'s policy and names every weakening on its line', async () => {
    const { root, base } = weakeningPullRequest();
    const judged = await cli(['scan', root, '--base', base, '--policy-source', 'base', '--format', 'json']);
    expect(judged.code).toBe(1);
    const report = JSON.parse(judged.stdout) as { verdict: string; findings: { ruleId: string; message: string; location?: { path: string; line?: number } }[] };
    expect(report.verdict).toBe('fail');
    expect(report.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location?.path === 'src/billing.ts')).toBe(true);
    const weakened = report.findings.filter((f) => f.ruleId === 'policy/weakened').map((f) => `${f.location?.path}:${f.location?.line} ${f.message.replace(/^This pull request weakens the policy: /, '').split('. It is judged')[0]}`);
    expect(weakened).toEqual(
      expect.arrayContaining([
        'security-policy.yml:3 fail-on goes from `error` to `none`: fewer findings fail the gate',
        'security-policy.yml:10 ignore adds `src/billing.ts`: no check looks at those paths',
        'security-policy.yml:4 baseline now reads `.security-gate/baseline.json`: the findings it lists stop failing the gate',
        'security-policy.yml:12 a new exception (rule `secrets/*`, until 2099-12-31) suppresses findings',
        'security-policy.yml:7 the secrets check is turned off',
        'security-policy.yml:9 rule `files/sensitive-file` is turned off',
      ]),
    );
    expect(report.findings.find((f) => f.ruleId === 'policy/weakened' && f.location?.path === '.security-gate/baseline.json')?.message).toMatch(/adds 1 finding\(s\) to the baseline/);
    expect(judged.stdout).not.toContain(STRIPE);

    // The pull request's own policy (policy-source head, the CLI's default) would have let it through.
    const own = await cli(['scan', root, '--base', base, '--format', 'json']);
    expect(own.code).toBe(0);
  });

  it('a pull request whose policy no longer loads fails, judged by the base', async () => {
    const root = makeRepo({ 'security-policy.yml': BASE_POLICY, 'src/a.ts': 'export {};\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    commit(root, { 'security-policy.yml': 'version: 1\nchecks:\n  secrets:\n    enabeld: false\n' });
    const r = await cli(['scan', root, '--base', base, '--policy-source', 'base', '--format', 'json']);
    expect(r.code).toBe(1);
    const invalid = (JSON.parse(r.stdout) as { findings: { ruleId: string; location?: { line?: number } }[] }).findings.filter((f) => f.ruleId === 'policy/head-invalid');
    expect(invalid.map((f) => f.location?.line)).toEqual([4]);
  });

  it('the base policy is read from git, not from the disk: a symlink committed on the base is refused', async () => {
    const outside = makeDir({ 'policy.yml': 'version: 1\nextends: []\n' });
    const root = makeRepo({ 'security-policy.yml': { symlink: join(outside, 'policy.yml') }, 'src/a.ts': 'export {};\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    commit(root, { 'src/b.ts': 'export {};\n' });
    const r = await cli(['scan', root, '--base', base, '--policy-source', 'base']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/security-policy.yml:1:1: in the base commit [0-9a-f]{7} \(the policy that judges pull requests\): security-policy.yml is a symbolic link/);
  });
});

describe('a wrong path is an error, never an empty pass', () => {
  it('a missing directory, a file, a bare repository and a .git directory are usage errors', async () => {
    const root = makeRepo({ 'src/config.ts': `export const key = '${STRIPE}';\n` });
    expect(await cli(['scan', './srcc'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('./srcc: no such directory') });
    expect(await cli(['scan', 'src/config.ts'], root)).toMatchObject({ code: 2, stderr: expect.stringContaining('src/config.ts is a file: scan takes a directory') });
    const bare = makeDir({});
    git(bare, 'clone', '-q', '--bare', root, 'bare.git');
    expect(await cli(['scan', join(bare, 'bare.git')])).toMatchObject({ code: 2, stderr: expect.stringContaining('is a bare git repository') });
    expect(await cli(['scan', join(root, '.git')])).toMatchObject({ code: 2, stderr: expect.stringContaining('is inside a .git directory') });
    expect(await cli(['init', './nope'], root)).toMatchObject({ code: 2 });
  });

  it('an empty directory or an ignore of every file fails with policy/nothing-scanned, unless the policy allows it', async () => {
    const empty = await cli(['scan', makeDir({}), '--format', 'json']);
    expect(empty.code).toBe(1);
    expect(JSON.parse(empty.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['policy/nothing-scanned']);

    const everything = makeRepo({ 'security-policy.yml': 'version: 1\nignore: ["**"]\n', 'src/config.ts': `export const key = '${STRIPE}';\n` });
    const ignored = await cli(['scan', everything, '--format', 'json']);
    expect(ignored.code).toBe(1);
    expect(JSON.parse(ignored.stdout).findings[0].message).toBe("The policy's ignore globs (`**`) exclude all 2 files: nothing was checked.");

    const allowed = makeRepo({ 'security-policy.yml': 'version: 1\nallow-empty-scan: true\nignore: ["**"]\n' });
    expect((await cli(['scan', allowed])).code).toBe(0);
  });
});

describe('the policy loader stays inside the repository', () => {
  it('refuses a policy, an extended file or a baseline that is a symlink to a file outside, without printing it', async () => {
    const outside = makeDir({ 'leak.yml': `version: 1\n# ${STRIPE}\nchecks: {bogus: 1}\n`, 'baseline.json': `{"version": 1, "findings": [], "note": "${TOKEN}"}` });
    const linked = makeRepo({ 'security-policy.yml': { symlink: join(outside, 'leak.yml') } });
    const r = await cli(['scan', linked]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('security-policy.yml:1:1: security-policy.yml is a symbolic link to a file outside the repository; refusing to read it');
    expect(r.all).not.toContain(STRIPE);

    const extended = makeRepo({ 'security-policy.yml': 'version: 1\nextends: [./shared.yml]\n', 'shared.yml': { symlink: join(outside, 'leak.yml') } });
    const e = await cli(['scan', extended]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('security-policy.yml:2:11: extends "./shared.yml": shared.yml is a symbolic link to a file outside the repository');
    expect(e.all).not.toContain(STRIPE);

    const baseline = makeRepo({ 'security-policy.yml': 'version: 1\nbaseline: known.json\n', 'known.json': { symlink: join(outside, 'baseline.json') }, 'a.ts': 'export {};\n' });
    const b = await cli(['scan', baseline, '--format', 'json']);
    const unreadable = JSON.parse(b.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'policy/baseline-unreadable');
    expect(unreadable.message).toContain('known.json is a symbolic link to a file outside the repository');
    expect(b.all).not.toContain(TOKEN);
  });

  it('refuses a policy linked to .git/config (which can hold the checkout\'s credentials)', async () => {
    const root = makeRepo({ 'a.ts': 'export {};\n' });
    git(root, 'config', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`);
    symlinkSync('.git/config', join(root, 'security-policy.yml'));
    const r = await cli(['scan', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('security-policy.yml is inside .git; refusing to read it');
    expect(r.all).not.toContain('AUTHORIZATION');
  });
});

describe('writes stay inside the repository, never through a symlink', () => {
  it('baseline refuses a symlinked target and .git, and leaves the outside file untouched', async () => {
    const outside = makeDir({ 'victim.txt': 'precious\n' });
    const root = makeRepo({ 'security-policy.yml': 'version: 1\nbaseline: .security-gate/baseline.json\n', '.security-gate/baseline.json': { symlink: join(outside, 'victim.txt') }, 'deploy/id_rsa': 'x\n' });
    const r = await cli(['baseline', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.security-gate/baseline.json is a symbolic link; refusing to write through it');
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('precious\n');

    const gitTarget = makeRepo({ 'security-policy.yml': 'version: 1\nbaseline: .git/config\n', 'deploy/id_rsa': 'x\n' });
    const before = readFileSync(join(gitTarget, '.git/config'), 'utf8');
    const g = await cli(['baseline', gitTarget]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('.git/config is inside .git; refusing to write it');
    expect(readFileSync(join(gitTarget, '.git/config'), 'utf8')).toBe(before);

    const dirLink = makeRepo({ 'security-policy.yml': 'version: 1\nbaseline: out/baseline.json\n', out: { symlink: outside }, 'deploy/id_rsa': 'x\n' });
    const d = await cli(['baseline', dirLink]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('its directory leads outside the repository');
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('init --force replaces a regular file atomically and refuses a symlink', async () => {
    const outside = makeDir({ 'victim.yml': 'precious\n' });
    const linked = makeRepo({ 'security-policy.yml': { symlink: join(outside, 'victim.yml') } });
    const r = await cli(['init', linked, '--force']);
    expect(r.code).toBe(2);
    expect(readFileSync(join(outside, 'victim.yml'), 'utf8')).toBe('precious\n');

    const plain = makeRepo({ 'security-policy.yml': 'old\n', 'package.json': '{"dependencies": {"next": "15.0.0"}}\n' });
    expect((await cli(['init', plain, '--force'])).code).toBe(0);
    expect(readFileSync(join(plain, 'security-policy.yml'), 'utf8')).toContain('extends:');
    expect(lstatSync(join(plain, 'security-policy.yml')).isFile()).toBe(true);
    expect(readdirSync(plain).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('locks and reasons cannot be bypassed', () => {
  it('--fail-on cannot loosen a locked fail-on, but may tighten it', async () => {
    const root = makeRepo({ 'shared.yml': 'version: 1\nextends: [recommended]\nfail-on: warning\nlock: [fail-on]\n', 'security-policy.yml': 'version: 1\nextends: [./shared.yml]\n', 'deploy/id_rsa': 'x\n' });
    const loose = await cli(['scan', root, '--fail-on', 'none']);
    expect(loose.code).toBe(2);
    expect(loose.stderr).toContain('--fail-on none would loosen fail-on (warning), which the policy locks');
    expect((await cli(['scan', root, '--fail-on', 'notice'])).code).toBe(1);
  });
});

describe('the action on a pull request', () => {
  let entry: string;
  beforeAll(() => {
    entry = buildAction();
  });

  function pullRequest() {
    const root = makeRepo({ 'security-policy.yml': BASE_POLICY, 'src/app.ts': 'export const app = 1;\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'feature');
    const head = commit(root, { 'src/billing.ts': `export const stripe = '${STRIPE}';\n`, 'security-policy.yml': `${BASE_POLICY}checks:\n  secrets: {enabled: false}\n` });
    const payload = { pull_request: { number: 7, base: { sha: base, repo: { full_name: 'octo-org/helpdesk' } }, head: { sha: head, repo: { full_name: 'octo-org/helpdesk' } } } };
    return { root, payload };
  }

  it('is judged by the base branch\'s policy by default; policy-source: head trusts the pull request', () => {
    const { root, payload } = pullRequest();
    const judged = runAction({ entry, workspace: root, eventName: 'pull_request', payload, inputs: { token: '' } });
    expect(judged.status).toBe(1);
    expect(judged.outputs.verdict).toBe('fail');
    expect(judged.stdout).toMatch(/::warning title=The pull request weakens the policy \(policy\/weakened\),file=security-policy.yml,line=5[^:]*::This pull request weakens the policy: the secrets check is turned off/);
    expect(judged.stdout).toContain('src/billing.ts');
    expect(judged.stdout + judged.summary).not.toContain(STRIPE);

    const trusted = runAction({ entry, workspace: root, eventName: 'pull_request', payload, inputs: { token: '', 'policy-source': 'head' } });
    expect(trusted.outputs.verdict).toBe('pass');
    expect(runAction({ entry, workspace: root, eventName: 'pull_request', payload, inputs: { token: '', 'policy-source': 'mine' } }).stdout).toContain('input policy-source must be base or head');
  });

  it('a shallow checkout without the base commit reads the base policy through the API, and fails closed when it cannot', async () => {
    const { root, payload } = pullRequest();
    const shallow = makeDir({});
    git(shallow, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${root}`, 'checkout');
    const workspace = join(shallow, 'checkout');
    const r = runAction({ entry, workspace, eventName: 'pull_request', payload, inputs: { token: '' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/security-policy.yml cannot be read from [0-9a-f]{7} through the GitHub API/);

    // With the API answering, the base's policy comes from it (a 404 would mean: the base had no policy).
    const asked: string[] = [];
    const fetcher = async (ref: { path: string; ref: string }) => {
      asked.push(`${ref.path}@${ref.ref.slice(0, 7)}`);
      if (ref.path === 'security-policy.yml') return BASE_POLICY;
      throw new RemotePolicyError('not found', { status: 404 });
    };
    const origin = apiOrigin(fetcher, { owner: 'octo-org', repo: 'helpdesk' }, payload.pull_request.base.sha, '');
    expect(await origin.read('security-policy.yml')).toBe(BASE_POLICY);
    await expect(origin.read('.security-gate/baseline.json')).rejects.toMatchObject({ code: 'missing' });
    await expect(origin.read('.git/config')).rejects.toMatchObject({ code: 'refused' });
    expect(asked).toEqual([`security-policy.yml@${payload.pull_request.base.sha.slice(0, 7)}`, `.security-gate/baseline.json@${payload.pull_request.base.sha.slice(0, 7)}`]);
  });

  it('a working-directory that does not exist fails the step', () => {
    const { root } = pullRequest();
    const r = runAction({ entry, workspace: root, inputs: { token: '', 'working-directory': 'apps/typo' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('input working-directory apps/typo: no such directory in the workspace');
    expect(r.outputs.conclusion).toBe('failure');
  });
});

describe('reports stay bounded and give nothing away', () => {
  it('fingerprints are keyed with the repository: a short password cannot be tried against a report', async () => {
    const files = { 'config/db.ts': 'export const url = "postgres://admin:Qz7!wave@db.internal:5432/app";\n' };
    // A short password is a low-confidence candidate: listed (as a notice) when asked for.
    const report = async (root: string) => JSON.parse((await cli(['scan', root, '--format', 'json', '--all-candidates'])).stdout) as { findings: { ruleId: string; fingerprint: string; identity?: string; location?: { path: string } }[] };
    const root = makeRepo(files);
    const found = (await report(root)).findings.find((f) => f.location?.path === 'config/db.ts');
    expect(found).toBeDefined();
    expect(found).not.toHaveProperty('identity');
    // What an attacker with the report could compute for a guess: neither unkeyed scheme gives it.
    const guess = secretIdentity('Qz7!wave');
    expect(found?.fingerprint).not.toBe(createHash('sha256').update(found?.ruleId ?? '').update('\0').update('config/db.ts').update('\0').update(guess).digest('hex').slice(0, 32));
    expect(found?.fingerprint).not.toBe(fingerprintOf(UNKEYED, found?.ruleId ?? '', 'config/db.ts', guess));
    // Stable for the repository (a fresh clone), different for another repository with the same file.
    const clone = makeDir({});
    git(clone, 'clone', '-q', root, 'copy');
    expect((await report(join(clone, 'copy'))).findings.find((f) => f.location?.path === 'config/db.ts')?.fingerprint).toBe(found?.fingerprint);
    const other = makeRepo({ ...files, 'README.md': 'another project\n' });
    expect((await report(other)).findings.find((f) => f.location?.path === 'config/db.ts')?.fingerprint).not.toBe(found?.fingerprint);
  });

  it('a weak password that is also a folder name does not corrupt the paths of the report', async () => {
    const root = makeRepo({ 'harbor/settings.py': 'DATABASE_URL = "postgresql://harbor:harbor@db.internal:5432/app"\n', 'harbor/app.py': 'print(1)\n' });
    // A password that is the user name again is a low-confidence candidate: listed (as a notice) when asked for.
    const out = await cli(['scan', root, '--format', 'json', '--all-candidates']);
    const report = JSON.parse(out.stdout) as { findings: { ruleId: string; location?: { path: string } }[] };
    expect(report.findings.some((f) => f.ruleId.startsWith('secrets/'))).toBe(true);
    expect(report.findings.map((f) => f.location?.path).filter(Boolean)).toContain('harbor/settings.py');
    expect(out.stdout).not.toContain('*** (6 chars)/');
  });

  it('a file with hundreds of thousands of findings keeps memory bounded and says how many more there are', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `lower_${i}=`).join('\n');
    const root = makeRepo({ '.env.example': `${lines}\n`, 'security-policy.yml': 'version: 1\nlimits:\n  max-findings: 1000\n  max-findings-per-file: 50\n' });
    const r = await cli(['scan', root, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { verdict: string; findings: { ruleId: string; message: string }[] };
    expect(out.findings.length).toBeLessThan(200);
    const summaries = out.findings.filter((f) => /more finding\(s\) of this rule in this file/.test(f.message));
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries[0]?.message).toMatch(/^59950 more finding\(s\) of this rule in this file, beyond limits.max-findings-per-file \(50\)\.$/);

    const total = makeRepo({ ...Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`keys/k${i}/id_rsa`, 'x\n'])), 'security-policy.yml': 'version: 1\nlimits:\n  max-findings: 100\n' });
    const many = JSON.parse((await cli(['scan', total, '--format', 'json'])).stdout) as { verdict: string; findings: { ruleId: string; severity: string; message: string }[] };
    expect(many.verdict).toBe('fail');
    expect(many.findings.filter((f) => f.ruleId === 'files/sensitive-file')).toHaveLength(100);
    const rest = many.findings.find((f) => f.ruleId === 'policy/too-many-findings');
    expect(rest?.severity).toBe('error');
    expect(rest?.message).toMatch(/^20 more finding\(s\) were found but not listed, beyond limits.max-findings \(100\): 20 from files\./);
  });
});

describe('submodules are scanned or named, never silently skipped', () => {
  it('scans an initialised submodule with the repository and names one that is not', async () => {
    const library = makeRepo({ 'config.js': `module.exports = { stripe: '${STRIPE}' };\n` });
    const root = makeRepo({ 'src/app.ts': 'export {};\n' });
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'vendor/payments');
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'vendor/unused');
    git(root, 'commit', '-q', '-m', 'submodules');
    git(root, 'submodule', 'deinit', '-q', 'vendor/unused');
    const out = JSON.parse((await cli(['scan', root, '--format', 'json'])).stdout) as { findings: { ruleId: string; location?: { path: string } }[]; notes: string[] };
    expect(out.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location?.path === 'vendor/payments/config.js')).toBe(true);
    expect(out.notes).toContain('1 submodule(s) scanned with the repository: `vendor/payments`.');
    expect(out.notes.find((n) => n.startsWith('1 submodule(s) not scanned: `vendor/unused`'))).toContain('not initialised');
  });
});
