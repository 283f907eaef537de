import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { commit, git, makeDir, makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { SampleRandom, githubToken } from '../helpers/secret-samples.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  secrets: {}\n';
const r = new SampleRandom(41);

function pr(base: string, head: string) {
  return { kind: 'pr' as const, base, head };
}

describe('secrets history scopes (real git)', () => {
  it('reports a secret added in one commit and removed in the next with that commit, and nothing else from history', async () => {
    const token = githubToken(r);
    const root = makeRepo({ 'src/app.ts': 'export const x = 1;\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const added = commit(root, { 'src/client.ts': `import { Octokit } from 'octokit';\n\nconst octokit = new Octokit({ auth: '${token}' });\n` }, 'add client');
    commit(root, { 'src/client.ts': "import { Octokit } from 'octokit';\n\nconst octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });\n" }, 'read the token from the environment');
    const head = commit(root, { 'README.md': '# app\n' }, 'docs');

    const report = await scanDir(root, { policy: POLICY, scope: pr(base, head) });
    expect(summarise(report)).toEqual(['secrets/github-pat src/client.ts:3']);
    const finding = report.findings[0];
    expect(finding?.commit).toBe(added);
    expect(finding?.location).toMatchObject({ path: 'src/client.ts', line: 3, column: 38, endLine: 3, endColumn: 38 + token.length });
    expect(finding?.message).toContain(`commit ${added.slice(0, 12)}`);
    expect(finding?.message).toContain('removed later');
    expect(finding?.message).not.toContain(token.slice(4));
    expect(report.verdict).toBe('fail');

    // A full scan of the same head finds nothing: the secret is only in the history.
    const full = await scanDir(root, { policy: POLICY });
    expect(summarise(full)).toEqual([]);
  });

  it('the diff scope reports only the lines the pull request adds, at head line numbers; secrets already in the base are not the PR’s', async () => {
    const old = githubToken(r);
    const fresh = githubToken(r);
    const root = makeRepo({ 'legacy/config.ts': `export const token = '${old}';\n`, 'src/api.ts': 'line1\nline2\nline3\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const head = commit(root, { 'src/api.ts': `line1\nline2\n// new\nconst auth = '${fresh}';\nline3\n`, 'legacy/config.ts': `// touched\nexport const token = '${old}';\n` });

    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  secrets:\n    scopes: [diff]\n', scope: pr(base, head) });
    expect(summarise(report)).toEqual(['secrets/github-pat src/api.ts:4']);
    expect(report.findings[0]?.commit).toBeUndefined();
    expect(report.findings[0]?.message).toContain('added by this pull request');

    // With every scope, a secret still at head is reported once (at head), not again for its commit.
    const all = await scanDir(root, { policy: POLICY, scope: pr(base, head) });
    expect(summarise(all)).toEqual(['secrets/github-pat src/api.ts:4']);
    expect(all.findings[0]?.commit).toBeUndefined();

    // tree-on-pull-requests adds the whole head, including the secret the base already had.
    const withTree = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  secrets:\n    tree-on-pull-requests: true\n', scope: pr(base, head) });
    expect(summarise(withTree)).toEqual(['secrets/github-pat legacy/config.ts:2', 'secrets/github-pat src/api.ts:4']);
  });

  it('finds a private key block added across several lines, reported once with its full span', async () => {
    const root = makeRepo({ 'README.md': '# x\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${['MIIEowIBAAKCAQEA', 'x'.repeat(0)].join('')}${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 48)}\n${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)}\n-----END RSA PRIVATE KEY-----`;
    const head = commit(root, { 'deploy/notes.md': `# Deploy\n\nUse this key:\n\n${key}\n` });
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  secrets:\n    scopes: [diff]\n', scope: pr(base, head) });
    expect(summarise(report)).toEqual(['secrets/private-key deploy/notes.md:5']);
    expect(report.findings[0]?.location).toMatchObject({ line: 5, endLine: 8 });
  });

  it('sees a rotated private key whose armour lines did not change (context completes the block)', async () => {
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const keyWith = (body: string[]) => ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n');
    const root = makeRepo({ 'certs/dev.key': `${keyWith([`MIIEowIBAAKCAQEA${r.chars(b64, 48)}`, r.chars(b64, 64)])}\n` });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const head = commit(root, { 'certs/dev.key': `${keyWith([`MIIEowIBAAKCAQEA${r.chars(b64, 48)}`, r.chars(b64, 64)])}\n` });
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  secrets:\n    scopes: [diff]\n', scope: pr(base, head) });
    expect(summarise(report)).toEqual(['secrets/private-key certs/dev.key:1']);
    expect(report.findings[0]?.location).toMatchObject({ line: 1, endLine: 4 });
  });

  it('reports a secret once when commits move it between files', async () => {
    const token = githubToken(r);
    const gone = githubToken(r);
    const root = makeRepo({ 'README.md': '# x\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const first = commit(root, { 'a.ts': `export const t = '${token}';\n`, 'old.env': `T=${gone}\n` });
    git(root, 'mv', 'a.ts', 'b.ts');
    commit(root, { 'new.env': `T=${gone}\n`, 'old.env': null }, 'rename and move');
    const head = commit(root, { 'new.env': null }, 'remove');
    const report = await scanDir(root, { policy: POLICY, scope: pr(base, head) });
    // b.ts is reported by the diff; a.ts in commit 1 is the same secret still at head: not again. The
    // moved-then-removed secret is reported once, for the commit that first added it.
    expect(summarise(report)).toEqual(['secrets/github-pat b.ts:1', 'secrets/github-pat old.env:1']);
    expect(report.findings[1]?.commit).toBe(first);
  });

  it('scans every commit of a long pull request, however many', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const tokens: string[] = [];
    let sha = base;
    for (let i = 0; i < 45; i++) {
      const token = githubToken(r);
      tokens.push(token);
      // Each commit replaces the previous token: only the last one is at head.
      sha = commit(root, { 'ci/token.env': `GITHUB_TOKEN=${token}\n` }, `commit ${i}`);
    }
    const report = await scanDir(root, { policy: POLICY, scope: pr(base, sha) });
    expect(report.findings).toHaveLength(45);
    expect(report.findings.filter((f) => f.commit).length).toBe(44);
    expect(report.findings.filter((f) => !f.commit).length).toBe(1);
  });

  it('honours ignores, allow entries and inline comments in history commits', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const t1 = githubToken(r);
    const t2 = githubToken(r);
    const t3 = githubToken(r);
    commit(root, {
      'vendor/lib.js': `var t = "${t1}";\n`,
      'tests/fixtures/token.txt': `${t2}\n`,
      'src/x.ts': `// security-gate-ignore: secrets/github-pat -- revoked token used by the parser test\nconst t = '${t3}';\n`,
    });
    const head = commit(root, { 'vendor/lib.js': null, 'tests/fixtures/token.txt': null, 'src/x.ts': 'const t = 1;\n' });
    const policy = [
      'version: 1',
      'extends: []',
      'ignore: [vendor]',
      'checks:',
      '  secrets:',
      '    allow:',
      '      - path: "tests/fixtures/**"',
      '        reason: revoked tokens for parser tests',
      '',
    ].join('\n');
    const report = await scanDir(root, { policy, scope: pr(base, head) });
    expect(summarise(report)).toEqual([]);
    expect(report.suppressed.map((s) => [s.location?.path, s.location?.line, s.suppression.kind, s.suppression.reason])).toEqual([
      ['src/x.ts', 2, 'inline', 'revoked token used by the parser test'],
      ['tests/fixtures/token.txt', 1, 'allowlist', 'revoked tokens for parser tests'],
    ]);
  });

  it('reads a merge as what its resolution adds, not what it brings in from the base', async () => {
    const fromMain = githubToken(r);
    const inResolution = githubToken(r);
    const root = makeRepo({ 'conf.env': 'A=1\n' });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'conf.env': 'A=2\n' }, 'feature edit');
    git(root, 'checkout', '-q', 'main');
    const main = commit(root, { 'conf.env': 'A=3\n', 'main-only.env': `T=${fromMain}\n` }, 'main edit');
    git(root, 'checkout', '-q', 'feature');
    // A conflicting merge of main into the feature branch, resolved by hand with a secret in it.
    try {
      git(root, 'merge', '-q', 'main');
    } catch {
      // conflict expected
    }
    writeFileSync(`${root}/conf.env`, `A=4\nTOKEN=${inResolution}\n`);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-edit');
    const head = git(root, 'rev-parse', 'HEAD').trim();
    // The pull request is feature into main: base is main's tip. A first-parent diff of the merge would
    // show main-only.env as added; the remerge diff shows only what the resolution wrote.
    const report = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  secrets:\n    scopes: [commits]\n', scope: pr(main, head) });
    expect(summarise(report)).toEqual(['secrets/github-pat conf.env:2']);
    expect(report.findings[0]?.commit).toBe(head);
  });

  it('scans from a subdirectory with paths relative to it, and follows renames without reporting old secrets again', async () => {
    const old = githubToken(r);
    const fresh = githubToken(r);
    const root = makeRepo({ 'app/legacy.ts': `export const t = '${old}';\n`, 'other/x.ts': 'x\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'mv', 'app/legacy.ts', 'app/renamed file.ts');
    const head = commit(root, { 'app/new ü.ts': `const t = '${fresh}';\n`, 'other/y.ts': `const t = '${githubToken(r)}';\n` });
    const report = await scanDir(`${root}/app`, { policy: POLICY, scope: pr(base, head) });
    expect(summarise(report)).toEqual(['secrets/github-pat new ü.ts:1']);
  });

  it('explains a shallow clone instead of scanning less in silence, and scans the checkout instead', async () => {
    const origin = makeRepo({ 'README.md': '# x\n' });
    const base = git(origin, 'rev-parse', 'HEAD').trim();
    commit(origin, { 'a.ts': `const t = '${githubToken(r)}';\n` });
    const head = commit(origin, { 'a.ts': 'const t = process.env.T;\n', 'b.ts': `export const other = '${githubToken(r)}';\n` });
    const clone = makeDir({});
    git(clone, 'clone', '-q', '--depth', '1', `file://${origin}`, 'repo');
    const root = `${clone}/repo`;

    const report = await scanDir(root, { policy: POLICY, scope: pr(base, head) });
    // Annotated on the policy's secrets section (line 4), the setting whose scopes could not run.
    expect(summarise(report)).toEqual(['secrets/github-pat b.ts:1', 'secrets/scope-unavailable security-policy.yml:4']);
    const problem = report.findings.find((f) => f.ruleId === 'secrets/scope-unavailable');
    expect(problem?.severity).toBe('error');
    expect(problem?.message).toContain(`the base commit ${base.slice(0, 12)} is not in this clone. This clone is shallow.`);
    expect(problem?.message).toContain('fetch-depth: 0');
    expect(report.verdict).toBe('fail');

    // After fetching the history, the same scan covers every commit.
    git(root, 'fetch', '-q', '--unshallow');
    const full = await scanDir(root, { policy: POLICY, scope: pr(base, head) });
    expect(summarise(full)).toEqual(['secrets/github-pat a.ts:1', 'secrets/github-pat b.ts:1']);
    expect(full.findings[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('says when the history between base and head is cut by a shallow boundary', async () => {
    const origin = makeRepo({ 'README.md': '# x\n' });
    const base = git(origin, 'rev-parse', 'HEAD').trim();
    for (let i = 0; i < 3; i++) commit(origin, { [`f${i}.txt`]: `${i}\n` });
    const head = git(origin, 'rev-parse', 'HEAD').trim();
    const clone = makeDir({});
    git(clone, 'clone', '-q', '--depth', '2', `file://${origin}`, 'repo');
    const root = `${clone}/repo`;
    // The base is fetched on its own, but the commits between it and the shallow head are not.
    git(root, 'fetch', '-q', '--depth', '1', 'origin', base);
    const report = await scanDir(root, { policy: POLICY, scope: pr(base, head), checks: CHECKS });
    const problem = report.findings.find((f) => f.ruleId === 'secrets/scope-unavailable');
    expect(problem?.message).toContain(`the history that joins base ${base.slice(0, 12)} and head ${head.slice(0, 12)} was not fetched (this clone is shallow)`);
  });
});
