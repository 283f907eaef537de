import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/policy/errors.js';
import { commit, makeDir, makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { SampleRandom, githubToken } from '../helpers/secret-samples.js';

const r = new SampleRandom(99);
const POLICY = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n';
const policyWith = (section: string) => `version: 1\nextends: []\nchecks:\n  secrets:\n${section.replace(/^/gm, '    ')}\n`;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKeyId = () => `AKIA${r.chars(BASE32, 16)}`;
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim();

/** A small but realistic web app: source, config, docs, a lockfile and a minified bundle. */
function webApp(extra: Record<string, string> = {}): Record<string, string> {
  const integrity = () => `sha512-${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 86)}==`;
  return {
    'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', dependencies: { next: '14.2.0', stripe: '14.0.0' } }, null, 2),
    'package-lock.json': JSON.stringify(
      {
        name: 'shop',
        lockfileVersion: 3,
        packages: Object.fromEntries(
          ['next', 'react', 'stripe', 'zod', 'jose'].map((n) => [`node_modules/${n}`, { version: '1.0.0', resolved: `https://registry.npmjs.org/${n}/-/${n}-1.0.0.tgz`, integrity: integrity() }]),
        ),
      },
      null,
      2,
    ),
    'public/assets/app.3f9a1c.min.js': `(()=>{"use strict";var e={12:(e,t,n)=>{n.d(t,{a:()=>r})},src:"data:image/png;base64,${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 400)}",headers:{Authorization:"Bearer "+e.token}}})();\n`,
    'README.md': '# Shop\n\nSet `GITHUB_TOKEN=<your-token>` and `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE` in `.env.local`.\n',
    '.env.example': 'DATABASE_URL=postgres://postgres:postgres@localhost:5432/shop\nGITHUB_TOKEN=\nNEXTAUTH_SECRET=changeme\n',
    'src/lib/auth.ts': "export const secret = process.env.NEXTAUTH_SECRET;\nexport const token = `${process.env.GITHUB_TOKEN}`;\n",
    ...extra,
  };
}

describe('secrets check (end to end)', () => {
  it('finds each credential once, at its exact place, and stays quiet on placeholders, lockfiles and bundles', async () => {
    const token = githubToken(r);
    const keyId = awsKeyId();
    const root = makeRepo(
      webApp({
        'src/lib/github.ts': `import { Octokit } from 'octokit';\n\n// Used by the release job.\nexport const octokit = new Octokit({ auth: '${token}' });\n`,
        'config/aws.ini': `[deploy]\nregion = eu-west-1\naws_access_key_id = ${keyId}\n`,
        'deploy/notes.md': `# Deploy\n\nThe deploy key:\n\n${rsaKey}\n`,
      }),
    );
    const report = await scanDir(root, { policy: POLICY });
    expect(summarise(report)).toEqual(['secrets/aws-access-key-id config/aws.ini:3', 'secrets/private-key deploy/notes.md:5', 'secrets/github-pat src/lib/github.ts:4']);

    const gh = report.findings.find((f) => f.ruleId === 'secrets/github-pat');
    expect(gh?.location).toEqual({ path: 'src/lib/github.ts', line: 4, column: 45, endLine: 4, endColumn: 45 + token.length });
    expect(gh?.message).toBe('GitHub personal access token (classic) committed in this file: `ghp_*** (40 chars)`.');
    expect(gh?.help).toContain('https://github.com/settings/tokens');
    expect(gh?.help).toContain('git filter-repo');
    expect(gh?.properties).toMatchObject({ scope: 'tree', secret: 'ghp_*** (40 chars)', secretLength: 40 });
    expect(gh?.commit).toBeUndefined();

    const key = report.findings.find((f) => f.ruleId === 'secrets/private-key');
    expect(key?.location).toMatchObject({ line: 5, column: 1, endLine: 5 + rsaKey.split('\n').length - 1 });

    const all = JSON.stringify(report);
    for (const secret of [token.slice(4), keyId.slice(4), rsaKey.split('\n')[2] as string]) expect(all).not.toContain(secret);
    expect(report.verdict).toBe('fail');
  });

  it('fingerprints hash rule, path and secret: they survive edits that move the line, and change with the secret or the file', async () => {
    const token = githubToken(r);
    // One repository (fingerprints are keyed with it), in successive versions.
    const root = makeRepo({ 'README.md': 'service\n' });
    const fp = async (files: Record<string, string>) => {
      commit(root, { 'ci.env': null, 'deploy.env': null, ...files });
      return (await scanDir(root, { policy: POLICY })).findings.map((f) => f.fingerprint);
    };
    const [a] = await fp({ 'ci.env': `GITHUB_TOKEN=${token}\n` });
    const [moved] = await fp({ 'ci.env': `# CI\n\nNODE_ENV=test\nGITHUB_TOKEN=${token}\n` });
    const [otherFile] = await fp({ 'deploy.env': `GITHUB_TOKEN=${token}\n` });
    const [otherSecret] = await fp({ 'ci.env': `GITHUB_TOKEN=${githubToken(r)}\n` });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(moved).toBe(a);
    expect(otherFile).not.toBe(a);
    expect(otherSecret).not.toBe(a);
  });

  it('allow entries suppress with their reason; unused ones are reported on full scans', async () => {
    const fixture = githubToken(r);
    const known = githubToken(r);
    const real = githubToken(r);
    const root = makeRepo({
      'tests/fixtures/tokens.txt': `${fixture}\n`,
      'src/known.ts': `export const t = '${known}';\n`,
      'src/real.ts': `export const t = '${real}';\n`,
    });
    const policy = policyWith(
      [
        'allow:',
        '  - path: "tests/fixtures/**"',
        '    reason: revoked tokens for the parser tests',
        `  - value: "^${known.slice(0, 12)}"`,
        '    rule: secrets/github-*',
        '    reason: revoked in INC-42, kept for the demo',
        '  - path: "nowhere/**"',
        '    reason: left over',
      ].join('\n'),
    );
    const report = await scanDir(root, { policy });
    expect(summarise(report)).toEqual(['secrets/allow-unused security-policy.yml:11', 'secrets/github-pat src/real.ts:1']);
    expect(report.suppressed.map((s) => [s.location?.path, s.suppression.kind, s.suppression.reason])).toEqual([
      ['src/known.ts', 'allowlist', 'revoked in INC-42, kept for the demo'],
      ['tests/fixtures/tokens.txt', 'allowlist', 'revoked tokens for the parser tests'],
    ]);
    expect(report.findings.find((f) => f.ruleId === 'secrets/allow-unused')?.severity).toBe('notice');
  });

  it('inline comments, exceptions and per-rule severities apply to secrets', async () => {
    const a = githubToken(r);
    const b = githubToken(r);
    const c = awsKeyId();
    const root = makeRepo({
      'src/a.ts': `// security-gate-ignore: secrets/github-pat -- revoked, used by the token parser test\nconst a = '${a}';\n`,
      'legacy/b.ts': `const b = '${b}';\n`,
      'config/c.ini': `aws_access_key_id = ${c}\n`,
    });
    const policy = [
      'version: 1',
      'extends: []',
      'exceptions:',
      '  - rule: secrets/github-pat',
      '    path: "legacy/**"',
      '    reason: rotated, history rewrite scheduled',
      '    expires: 2099-01-01',
      'checks:',
      '  secrets:',
      '    severity:',
      '      secrets/aws-access-key-id: warning',
      '',
    ].join('\n');
    const report = await scanDir(root, { policy });
    expect(summarise(report)).toEqual(['secrets/aws-access-key-id config/c.ini:1']);
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.verdict).toBe('pass');
    expect(report.suppressed.map((s) => [s.location?.path, s.suppression.kind])).toEqual([
      ['legacy/b.ts', 'exception'],
      ['src/a.ts', 'inline'],
    ]);
    // A rule set to off is not run at all.
    const off = await scanDir(root, { policy: policy.replace('secrets/aws-access-key-id: warning', 'secrets/aws-access-key-id: "off"') });
    expect(summarise(off)).toEqual([]);
  });

  it('custom patterns from the policy are detected, redacted and checked when the policy loads', async () => {
    const value = `acme_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 32)}`;
    const root = makeRepo({ 'src/client.ts': `export const client = new Acme({ token: '${value}' });\n` });
    const pattern = (regex: string, more = '') => policyWith(`patterns:\n  - id: acme-token\n    title: Acme internal API token\n    regex: ${JSON.stringify(regex)}\n    keywords: [acme_]\n    prefix-length: 5\n    revoke: https://admin.acme.internal/tokens\n${more}`);
    const report = await scanDir(root, { policy: pattern('\\b(acme_[a-z0-9]{32})\\b', '    severity: warning\n') });
    expect(summarise(report)).toEqual(['secrets/acme-token src/client.ts:1']);
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.findings[0]?.message).toBe('Acme internal API token committed in this file: `acme_*** (37 chars)`.');
    expect(report.findings[0]?.help).toContain('https://admin.acme.internal/tokens');

    // Catastrophic backtracking is refused at load, with the line of the regex.
    const bad = await scanDir(root, { policy: pattern('(a+)+$') }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PolicyError);
    expect((bad as PolicyError).problems[0]).toMatchObject({ line: 8 });
    expect((bad as PolicyError).problems[0]?.message).toContain('may backtrack catastrophically');

    // A pattern that would take a built-in rule's id, or that matches nothing at all, is a clear error.
    const taken = await scanDir(root, { policy: pattern('acme_[a-z]+').replace('id: acme-token', 'id: github-pat') });
    expect(taken.checks.find((c) => c.id === 'secrets')?.error).toContain('checks.secrets.patterns[0] (github-pat): the id secrets/github-pat is already taken by a built-in rule');
    const empty = await scanDir(root, { policy: pattern('x*') });
    expect(empty.checks.find((c) => c.id === 'secrets')?.error).toContain('matches the empty string');
  });

  it('max-findings-per-file lists the first ones and counts the rest in one finding', async () => {
    const tokens = Array.from({ length: 5 }, () => githubToken(r));
    const root = makeRepo({ 'dump/tokens.txt': tokens.map((t, i) => `token${i}=${t}`).join('\n') + '\n' });
    const report = await scanDir(root, { policy: policyWith('max-findings-per-file: 2') });
    expect(summarise(report)).toEqual(['secrets/github-pat dump/tokens.txt:1', 'secrets/github-pat dump/tokens.txt:2', 'secrets/too-many-findings dump/tokens.txt:3']);
    const rest = report.findings.find((f) => f.ruleId === 'secrets/too-many-findings');
    expect(rest?.message).toBe('3 more secret(s) in this file beyond max-findings-per-file (2): 3 × GitHub personal access token (classic).');
    expect(rest?.severity).toBe('error');
    const unlimited = await scanDir(root, { policy: policyWith('max-findings-per-file: 0') });
    expect(unlimited.findings).toHaveLength(5);
  });

  it('a dump of more tokens than a file hands back whole is counted, not held, even with no per-file limit', async () => {
    const tokens = Array.from({ length: 1203 }, () => githubToken(r));
    const root = makeRepo({ 'dump/tokens.txt': tokens.map((t, i) => `token${i}=${t}`).join('\n') + '\n' });
    const report = await scanDir(root, { policy: `${policyWith('max-findings-per-file: 0')}limits:\n  max-findings-per-file: 5000\n` });
    const listed = report.findings.filter((f) => f.ruleId === 'secrets/github-pat');
    expect(listed).toHaveLength(1000);
    const rest = report.findings.find((f) => f.ruleId === 'secrets/too-many-findings');
    expect(rest?.message).toBe('203 more secret(s) in this file beyond the 1,000 a file lists at most: 203 × GitHub personal access token (classic).');
    expect(rest?.severity).toBe('error');
    // Allowed by path: the counted ones share the fate of the listed ones.
    const allowed = await scanDir(root, { policy: policyWith('allow:\n  - path: "dump/**"\n    reason: recorded fixture of revoked tokens') });
    expect(allowed.findings.filter((f) => f.check === 'secrets')).toEqual([]);
    expect(allowed.suppressed.map((f) => f.message)).toContain('800 more allowed finding(s) of this rule in this file, beyond limits.max-findings-per-file (200).');
    expect(allowed.verdict).toBe('pass');
  });

  it('scans a directory outside git, and full scans without the tree scope scan nothing', async () => {
    const token = githubToken(r);
    const dir = makeDir({ 'app/config.js': `module.exports = { token: "${token}" };\n`, 'node_modules/x/index.js': `t="${githubToken(r)}"\n` });
    const report = await scanDir(dir, { policy: POLICY });
    expect(summarise(report)).toEqual(['secrets/github-pat app/config.js:1']);
    expect(report.stats.listing).toBe('walk');
    const diffOnly = await scanDir(dir, { policy: policyWith('scopes: [diff, commits]') });
    expect(summarise(diffOnly)).toEqual([]);
  });
});
