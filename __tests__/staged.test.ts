import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main, type CliIo } from '../src/cli/main.js';
import { commit, git, makeDir, makeRepo, writeFiles } from './helpers/repo.js';
import { SampleRandom, githubToken } from './helpers/secret-samples.js';

async function cli(args: string[], cwd: string, stdin?: string, env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env, stdin: async () => stdin };
  const code = await main(args, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as { findings: { ruleId: string; message: string; location?: { path: string; line?: number } }[]; verdict: string } };
}

const random = new SampleRandom(19);
const token = () => githubToken(random);
const found = (report: { findings: { ruleId: string; location?: { path: string; line?: number } }[] }) => report.findings.map((f) => `${f.ruleId} ${f.location?.path ?? '-'}${f.location?.line ? `:${f.location.line}` : ''}`);

const POLICY = `version: 1
extends: [recommended]
checks:
  env:
    example: .env.example
`;

/** A repository with a policy, an env example and clean code, committed. */
function repository(): string {
  return makeRepo({
    'security-policy.yml': POLICY,
    '.env.example': 'API_URL=https://example.invalid\n',
    '.gitignore': '.env\n.env.local\n',
    'src/client.ts': 'export const url = process.env.API_URL;\n',
    'src/legacy.ts': 'export const legacy = 1;\n',
    'src/gone.ts': 'export const gone = 1;\n',
  });
}

describe('scan --staged judges the index, not the working tree', () => {
  it('reports what is staged, and neither unstaged edits nor files deleted from the index', async () => {
    const root = repository();
    const stagedOnly = token();
    const unstagedOnly = token();
    const deletedOnDisk = token();
    // Staged with a secret, then cleaned in the working tree without staging: the commit would carry it.
    writeFiles(root, { 'src/deploy.ts': `export const token = '${stagedOnly}';\n` });
    git(root, 'add', 'src/deploy.ts');
    writeFiles(root, { 'src/deploy.ts': 'export const token = process.env.API_URL;\n' });
    // Staged, then removed from the disk: still in the commit, so still read (from the index).
    writeFiles(root, { 'src/reader.ts': 'export const key = process.env.NEW_STAGED_KEY;\n' });
    git(root, 'add', 'src/reader.ts');
    rmSync(join(root, 'src/reader.ts'));
    // A secret only in the working tree: not part of the commit.
    writeFiles(root, { 'src/legacy.ts': `export const legacy = '${unstagedOnly}';\nexport const more = process.env.UNSTAGED_KEY;\n` });
    // Removed from the index, left on disk with a secret and a credential file's name nearby.
    git(root, 'rm', '-q', '--cached', 'src/gone.ts');
    writeFiles(root, { 'src/gone.ts': `export const gone = '${deletedOnDisk}';\n`, 'deploy/id_rsa': '-----BEGIN RSA PRIVATE KEY-----\n' });

    const run = await cli(['scan', '--staged', '--format', 'json'], root);
    expect(run.code).toBe(1);
    const report = run.json();
    expect(found(report)).toEqual(['secrets/github-pat src/deploy.ts:1', 'env/missing-in-example src/reader.ts:1']);
    expect(report.findings[0]?.message).toContain('in the staged changes (not committed yet)');
    for (const secret of [stagedOnly, unstagedOnly, deletedOnDisk]) expect(run.stdout).not.toContain(secret);

    // The same tree as a full scan sees the working tree: the unstaged secret, the file on disk.
    const full = (await cli(['scan', '--format', 'json'], root)).json();
    expect(found(full)).toEqual(expect.arrayContaining(['secrets/github-pat src/legacy.ts:1', 'secrets/github-pat src/gone.ts:1', 'files/sensitive-file deploy/id_rsa']));
  });

  it('passes (exit 0) when the staged changes are clean, whatever the working tree holds', async () => {
    const root = repository();
    writeFiles(root, { 'src/client.ts': 'export const url = process.env.API_URL ?? "";\n' });
    git(root, 'add', 'src/client.ts');
    writeFiles(root, { 'src/client.ts': `export const url = '${token()}';\n` });
    const run = await cli(['scan', '--staged', '--no-color'], root);
    expect(run.stdout).toMatch(/✔ PASS/);
    expect(run.code).toBe(0);
  });

  it('uses the staged policy: an unstaged edit of the policy does not change the verdict', async () => {
    const root = repository();
    writeFiles(root, { 'src/deploy.ts': `export const token = '${token()}';\n` });
    git(root, 'add', 'src/deploy.ts');
    writeFiles(root, { 'security-policy.yml': `${POLICY}fail-on: none\n` });
    expect((await cli(['scan', '--staged'], root)).code).toBe(1);
    git(root, 'add', 'security-policy.yml');
    expect((await cli(['scan', '--staged'], root)).code).toBe(0);
  });

  it('scans every staged file before the first commit, and refuses to mix modes', async () => {
    const root = makeDir({ 'app.ts': `export const token = '${token()}';\n`, 'notes.md': 'hello\n' });
    git(root, 'init', '-q');
    git(root, 'add', 'notes.md');
    expect((await cli(['scan', '--staged'], root)).code).toBe(0);
    git(root, 'add', 'app.ts');
    const run = await cli(['scan', '--staged', '--format', 'json'], root);
    expect(found(run.json())).toEqual(['secrets/github-pat app.ts:1']);
    expect((await cli(['scan', '--staged', '--base', 'HEAD'], root)).stderr).toContain('--staged and --base each choose what to scan');
    expect((await cli(['scan', '--staged'], makeDir({ 'a.ts': '' }))).stderr).toContain('--staged needs a git work tree');
  });
});

describe('scan --pre-push judges the commits a push sends', () => {
  /** A clone of a bare remote, so that remote-tracking branches exist as they do for a developer. */
  function cloned(): { root: string; remote: string; base: string } {
    const origin = repository();
    const remote = makeDir({});
    git(remote, 'clone', '-q', '--bare', origin, '.');
    const root = makeDir({});
    git(root, 'clone', '-q', remote, '.');
    return { root, remote, base: git(root, 'rev-parse', 'HEAD').trim() };
  }
  const ZERO = '0'.repeat(40);

  it('finds a secret a pushed commit added and a later one removed; ignores the working tree', async () => {
    const { root, base } = cloned();
    commit(root, { 'src/deploy.ts': `export const token = '${token()}';\n` }, 'add a token');
    const head = commit(root, { 'src/deploy.ts': 'export const token = process.env.API_URL;\n' }, 'remove it');
    // Not committed, so not pushed: a secret, and an edit of a pushed file that reads an undocumented variable.
    writeFiles(root, { 'src/legacy.ts': `export const legacy = '${token()}';\n`, 'src/deploy.ts': 'export const t = process.env.WORKTREE_ONLY;\n' });
    const run = await cli(['scan', '--pre-push', '--format', 'json'], root, `refs/heads/main ${head} refs/heads/main ${base}\n`);
    expect(run.code).toBe(1);
    expect(found(run.json())).toEqual(['secrets/github-pat src/deploy.ts:1']);
    expect(run.json().findings[0]?.message).toMatch(/added in commit [0-9a-f]{12} and removed later/);

    // The pre-commit framework gives no lines on standard input, but the same range in its environment.
    const framework = await cli(['scan', '--pre-push', '--format', 'json'], root, '', { PRE_COMMIT_FROM_REF: base, PRE_COMMIT_TO_REF: head });
    expect(found(framework.json())).toEqual(['secrets/github-pat src/deploy.ts:1']);
    expect((await cli(['scan', '--pre-push'], root, '')).stderr).toContain('nothing to scan');
  });

  it('a new branch is judged from where it leaves the remote branches; deletions and pushed commits need nothing', async () => {
    const { root } = cloned();
    git(root, 'checkout', '-q', '-b', 'feature');
    // A credential the example does not list: an error (a plain setting would only be a warning).
    const head = commit(root, { 'src/reader.ts': 'export const k = process.env.PAYMENTS_SECRET_KEY;\n' }, 'read a key');
    const run = await cli(['scan', '--pre-push', '--format', 'json'], root, `refs/heads/feature ${head} refs/heads/feature ${ZERO}\n`);
    expect(found(run.json())).toEqual(['env/missing-in-example src/reader.ts:1']);
    expect(run.code).toBe(1);

    const deleted = await cli(['scan', '--pre-push'], root, `(delete) ${ZERO} refs/heads/old ${ZERO}\n`);
    expect(deleted).toMatchObject({ code: 0 });
    expect(deleted.stderr).toContain('refs/heads/old: deleted by this push, nothing to scan');
    git(root, 'push', '-q', 'origin', 'feature');
    const again = await cli(['scan', '--pre-push'], root, `refs/heads/feature ${head} refs/heads/other ${ZERO}\n`);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('every commit is already on a remote');
    expect((await cli(['scan', '--pre-push'], root, 'not what git sends\n')).code).toBe(2);
  });

  it('one failing branch of several fails the push', async () => {
    const { root, base } = cloned();
    const clean = commit(root, { 'docs.md': 'words\n' }, 'docs');
    git(root, 'checkout', '-q', '-b', 'leak');
    const leak = commit(root, { 'src/deploy.ts': `export const token = '${token()}';\n` }, 'leak');
    const run = await cli(['scan', '--pre-push', '--no-color'], root, `refs/heads/main ${clean} refs/heads/main ${base}\nrefs/heads/leak ${leak} refs/heads/leak ${ZERO}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refs/heads/leak -> refs/heads/leak: 2 commit(s)');
    expect(run.stdout.match(/✔ PASS/g)).toHaveLength(1);
    expect(run.stdout.match(/✖ FAIL/g)).toHaveLength(1);
  });
});

describe('init --hook installs a plain git hook, and never replaces one', () => {
  it('writes an executable pre-commit hook that runs scan --staged', async () => {
    const root = repository();
    const run = await cli(['init', '--hook', 'pre-commit'], root);
    expect(run).toMatchObject({ code: 0, stdout: 'Installed .git/hooks/pre-commit.\n' });
    const hook = join(root, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o777).toBe(0o755);
    expect(readFileSync(hook, 'utf8')).toMatch(/^#!\/bin\/sh\n[\s\S]*exec node_modules\/\.bin\/security-gate scan --staged\n/);
    expect((await cli(['init', '--hook', 'pre-push'], root)).code).toBe(0);
    expect(readFileSync(join(root, '.git/hooks/pre-push'), 'utf8')).toContain('security-gate scan --pre-push');
  });

  it('leaves an existing hook (or a symlink by its name) alone, and defers to a hook manager', async () => {
    const root = repository();
    writeFileSync(join(root, '.git/hooks/pre-commit'), '#!/bin/sh\necho mine\n');
    const again = await cli(['init', '--hook', 'pre-commit'], root);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.git/hooks/pre-commit already exists; it was left as it is');
    expect(readFileSync(join(root, '.git/hooks/pre-commit'), 'utf8')).toBe('#!/bin/sh\necho mine\n');

    const target = join(makeDir({}), 'elsewhere');
    writeFiles(root, { '.git/hooks/pre-push': { symlink: target } });
    expect((await cli(['init', '--hook', 'pre-push'], root)).code).toBe(2);
    expect(() => statSync(target)).toThrow();

    const managed = repository();
    git(managed, 'config', 'core.hooksPath', '.husky/_');
    const husky = await cli(['init', '--hook', 'pre-commit'], managed);
    expect(husky.code).toBe(2);
    expect(husky.stderr).toContain('core.hooksPath is set (.husky/_)');
    expect((await cli(['init', '--hook', 'post-merge'], managed)).stderr).toContain('--hook must be pre-commit or pre-push');
    expect((await cli(['scan', '--hook', 'pre-commit'], managed)).stderr).toContain('--hook is an option of init');
  });
});

describe('.pre-commit-hooks.yaml (the pre-commit framework)', () => {
  it('declares hooks whose entries this CLI runs, without file names', async () => {
    const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Record<string, unknown>[];
    expect(hooks.map((h) => [h.id, h.stages])).toEqual([
      ['security-gate', ['pre-commit']],
      ['security-gate-pre-push', ['pre-push']],
    ]);
    const root = repository();
    writeFiles(root, { 'src/deploy.ts': `export const token = '${token()}';\n` });
    git(root, 'add', '-A');
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: 'node', pass_filenames: false, always_run: true });
      for (const key of Object.keys(hook)) expect(['id', 'name', 'description', 'entry', 'language', 'pass_filenames', 'always_run', 'stages', 'minimum_pre_commit_version']).toContain(key);
      const [bin, ...args] = String(hook.entry).split(' ');
      expect(bin).toBe(Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).bin)[0]);
      expect((await cli(args, root, '')).code).toBe(hook.id === 'security-gate' ? 1 : 0);
    }
  });
});
