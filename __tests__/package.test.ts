import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { schemaDigest } from '../src/policy/ajv-setup.js';
import { buildPolicySchema } from '../src/policy/schema.js';
import { VERSION } from '../src/version.js';
import { bundleDir } from './helpers/bundle.js';
import { git, makeRepo } from './helpers/repo.js';
import { SampleRandom, githubToken } from './helpers/secret-samples.js';

// The package as npm publishes it: packed once from the repository (dist/ as committed or freshly
// bundled), installed into an empty folder with no registry, and run through npx from there.
const work = mkdtempSync(join(tmpdir(), 'security-gate-pack-'));
const app = join(work, 'app');
const cache = join(work, 'npm-cache');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm without the settings of an enclosing `npm test`, and with a registry that cannot answer. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: npmEnv(), ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

let packed: { filename: string; files: { path: string; mode: number }[] };

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { encoding: 'utf8', env: npmEnv() });
  packed = (JSON.parse(out) as (typeof packed)[])[0] as typeof packed;
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true })}\n`);
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)], { cwd: app });
  if (install.status !== 0) throw new Error(`npm install of the packed tarball failed:\n${install.stderr}`);
}, 120_000);

/** `npx security-gate …` in the folder it is installed in (a directory to scan is an argument). */
const npx = (args: string[]) => run('npx', ['--offline', '--no-install', 'security-gate', ...args], { cwd: app });

describe('the npm package', () => {
  it('holds the CLI, its licences and the policy schema, and nothing else', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'dist/cli.js', 'dist/licenses.txt', 'package.json', 'schema/security-policy.schema.json']);
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
    // dist/ is bundled: an install fetches nothing (the install above had no registry to ask).
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) expect(manifest[key]).toBeUndefined();
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['security-gate']);
  });

  it('installs an executable bin with its shebang', () => {
    const bin = join(app, 'node_modules/security-gate/dist/cli.js');
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    accessSync(join(app, 'node_modules/.bin/security-gate'), constants.X_OK);
    const direct = run(join(app, 'node_modules/.bin/security-gate'), ['--version'], { cwd: app });
    expect(direct.stdout.trim()).toBe(VERSION);
  });

  it('npx security-gate --version, scan and init work from the installed package', () => {
    expect(npx(['--version'])).toMatchObject({ status: 0, stdout: `${VERSION}\n` });

    const example = resolve('examples/nextjs-app');
    const scan = npx(['scan', example, '--no-color']);
    expect(scan.status).toBe(1);
    expect(scan.stdout).toContain('infra/terraform.tfstate');
    expect(scan.stdout).toContain('GHSA-hrpp-h998-j3pp'); // the recorded audit of the example's lockfile
    expect(scan.stdout).toMatch(/✖ FAIL/);

    const repo = makeRepo({ 'src/index.ts': 'export const ok = true;\n', 'package.json': '{"name":"demo","scripts":{"test":"vitest run"}}\n' });
    const init = npx(['init', repo]);
    expect(init.status).toBe(0);
    expect(readFileSync(join(repo, 'security-policy.yml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    const json = npx(['scan', repo, '--format', 'json']);
    expect(JSON.parse(json.stdout).policy.file).toBe('security-policy.yml');
    expect(existsSync(join(app, 'node_modules/security-gate/schema/security-policy.schema.json'))).toBe(true);
  });

  it('init --hook pre-commit installs a hook that stops a commit carrying a secret', () => {
    const repo = makeRepo({ 'src/index.ts': 'export const ok = true;\n' });
    expect(npx(['init', repo, '--hook', 'pre-commit'])).toMatchObject({ status: 0, stdout: 'Installed .git/hooks/pre-commit.\n' });
    // The hook finds the CLI on the PATH, as a global install or a package manager's script runner puts it.
    const env = { ...npmEnv(), PATH: `${join(app, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
    const commit = (message: string) => run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], { cwd: repo, env });
    writeFileSync(join(repo, 'src/index.ts'), 'export const ok = false;\n');
    git(repo, 'add', '-A');
    expect(commit('clean').status).toBe(0);
    mkdirSync(join(repo, 'deploy'));
    writeFileSync(join(repo, 'deploy/id_rsa'), 'x\n');
    git(repo, 'add', 'deploy/id_rsa');
    const refused = commit('with a key');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('deploy/id_rsa'); // git passes a hook's output on as its stderr
    expect(git(repo, 'log', '--format=%s')).toBe('clean\ninitial\n');
    // commit -a stages into a temporary index that git names in GIT_INDEX_FILE: that is the one judged.
    git(repo, 'rm', '-q', '--cached', 'deploy/id_rsa');
    writeFileSync(join(repo, 'src/index.ts'), `export const token = '${githubToken(new SampleRandom(3))}';\n`);
    const all = run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', 'commit', '-a', '-q', '-m', 'all'], { cwd: repo, env });
    expect(all.status).not.toBe(0);
    expect(all.stderr).toContain('src/index.ts');
  });
});

describe('the pre-push hook, through git push', () => {
  it('stops a push whose commits carry a secret, even one a later commit removed', () => {
    const remote = makeRepo({});
    const repo = mkdtempSync(join(work, 'clone-'));
    git(repo, 'clone', '-q', remote, '.');
    expect(npx(['init', repo, '--hook', 'pre-push'])).toMatchObject({ status: 0, stdout: 'Installed .git/hooks/pre-push.\n' });
    const env = { ...npmEnv(), PATH: `${join(app, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
    const gitIn = (...args: string[]) => run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env });
    writeFileSync(join(repo, 'notes.md'), 'words\n');
    gitIn('add', '-A');
    gitIn('commit', '-q', '-m', 'notes');
    expect(gitIn('push', '-q', 'origin', 'HEAD:refs/heads/clean').status).toBe(0);
    writeFileSync(join(repo, 'deploy.ts'), `export const token = '${githubToken(new SampleRandom(5))}';\n`);
    gitIn('add', '-A');
    gitIn('commit', '-q', '-m', 'token');
    writeFileSync(join(repo, 'deploy.ts'), 'export const token = process.env.TOKEN;\n');
    gitIn('commit', '-q', '-am', 'remove it');
    const push = gitIn('push', 'origin', 'HEAD:refs/heads/feature');
    expect(push.status).not.toBe(0);
    expect(push.stdout + push.stderr).toMatch(/added in commit [0-9a-f]{12} and removed later/);
    expect(git(remote, 'branch', '--list', 'feature')).toBe('');
  });
});

describe('the repository ships what the package needs', () => {
  it('dist/cli.js is committed executable (mode 100755), as the bundle writes it', () => {
    expect(git(process.cwd(), 'ls-files', '-s', 'dist/cli.js').split(' ')[0]).toBe('100755');
    const outdir = bundleDir();
    expect(statSync(join(outdir, 'cli.js')).mode & 0o111).toBe(0o111);
    // Both bundles carry the policy validator compiled at build time, for the schema the checks define.
    const digest = schemaDigest(buildPolicySchema(CHECKS));
    for (const file of ['cli.js', 'index.js']) expect(readFileSync(join(outdir, file), 'utf8')).toContain(`digest:"${digest}"`);
  });

  it('every package of the root install accepts Node 20, so npm ci prints no engine warning', () => {
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: Record<string, string> | string[] }> };
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (range && !semver.satisfies('20.19.0', range)) refusing.push(`${path} (node ${range})`);
    }
    expect(refusing).toEqual([]);
  });
});
