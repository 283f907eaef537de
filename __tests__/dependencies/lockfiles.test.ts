import { describe, expect, it } from 'vitest';
import { LockGraph, type Root } from '../../src/checks/dependencies/lockfiles/graph.js';
import { parseLockfile } from '../../src/checks/dependencies/lockfiles/index.js';
import type { Lockfile } from '../../src/checks/dependencies/lockfiles/model.js';
import { parsePnpmKey } from '../../src/checks/dependencies/lockfiles/pnpm.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo } from './monorepo.js';

const project = monorepo;

const LOCKFILE: Record<string, string> = {
  'npm-v3': 'package-lock.json',
  'npm-v2': 'package-lock.json',
  'pnpm-v9': 'pnpm-lock.yaml',
  'pnpm-v6': 'pnpm-lock.yaml',
  'pnpm-v5': 'pnpm-lock.yaml',
  'yarn-v1': 'yarn.lock',
  'yarn-berry': 'yarn.lock',
};

function lockOf(name: string): Lockfile {
  const file = LOCKFILE[name] as string;
  return parseLockfile(file, project(name)[file] as string);
}

/** Roots as the check builds them: every direct dependency of the three package.json files. */
function rootsOf(lock: Lockfile): Root[] {
  const declared: [string, string, string, Root['kind']][] = [
    ['', 'qs', '6.10.2', 'prod'],
    ['', 'open', '0.0.5', 'dev'],
    ['packages/web', 'axios', '^0.15.3', 'prod'],
    ['packages/web', '@demo/api', '1.0.0', 'prod'],
    ['packages/api', 'minimist', '1.2.5', 'prod'],
  ];
  const roots: Root[] = [];
  for (const [dir, name, spec, kind] of declared) {
    const r = lock.resolveDirect(dir, name, spec);
    if (r?.id) roots.push({ dir, name, kind, id: r.id });
  }
  return roots;
}

describe('real lockfiles of every package manager', () => {
  for (const name of Object.keys(LOCKFILE)) {
    it(`${name}: packages, importers, direct dependencies and paths`, () => {
      const lock = lockOf(name);
      const versions = new Map<string, string[]>();
      for (const p of lock.packages.values()) versions.set(p.name, [...(versions.get(p.name) ?? []), p.version]);
      expect(versions.get('axios')).toEqual(['0.15.3']);
      expect(versions.get('follow-redirects')).toEqual(['1.0.0']);
      expect(versions.get('qs')).toEqual(['6.10.2']);
      expect(versions.get('minimist')).toEqual(['1.2.5']);
      expect(versions.get('ms')).toEqual(['2.0.0']);
      expect(versions.has('@demo/api')).toBe(false);

      expect(lock.resolveDirect('packages/web', 'axios', '^0.15.3')).toMatchObject({ version: '0.15.3' });
      expect(lock.resolveDirect('', 'qs', '6.10.2')).toMatchObject({ version: '6.10.2' });
      expect(lock.resolveDirect('packages/web', '@demo/api', '1.0.0')?.local ?? name === 'yarn-v1').toBe(true);
      expect(lock.resolveDirect('', 'left-pad', '^1.0.0')).toBeUndefined();
      if (name !== 'yarn-v1') expect([...lock.importers.keys()].sort()).toEqual(['', 'packages/api', 'packages/web']);

      const graph = new LockGraph(lock, rootsOf(lock));
      expect(graph.findPaths('ms').map((p) => [p.root.dir, p.names.join('>')])).toEqual([['packages/web', 'axios>follow-redirects>debug>ms']]);
      expect(graph.findPaths('qs').map((p) => p.names.join('>'))).toEqual(['qs']);
      expect(graph.findPaths('side-channel').map((p) => [p.root.kind, p.names.join('>')])).toEqual([['prod', 'qs>side-channel']]);
      expect(graph.findPaths('open').map((p) => p.root.kind)).toEqual(['dev']);
    });
  }

  it('npm and pnpm 5/6 record dev-only packages; pnpm 9 and Yarn do not', () => {
    const dev = (name: string) => [...lockOf(name).packages.values()].find((p) => p.name === 'open')?.dev;
    expect(['npm-v3', 'npm-v2', 'pnpm-v6', 'pnpm-v5', 'pnpm-v9', 'yarn-v1', 'yarn-berry'].map(dev)).toEqual([true, true, true, true, undefined, undefined, undefined]);
  });

  it('npm v1: nested installs resolve from the nearest level up', () => {
    const lock = parseLockfile('package-lock.json', fixture('npm-allowlisted-path', 'package-lock.json'));
    expect(lock.version).toBe('1');
    const graph = new LockGraph(lock, [
      { dir: '', name: 'axios', kind: 'prod', id: 'axios' },
      { dir: '', name: 'github-build', kind: 'prod', id: 'github-build' },
    ]);
    expect(graph.findPaths('follow-redirects').map((p) => p.names.join('>')).sort()).toEqual(['axios>follow-redirects', 'github-build>axios>follow-redirects']);
    expect(lock.packages.get('github-build/axios')?.dependencies).toEqual(['github-build/follow-redirects']);
  });

  it('pnpm package keys of every lockfile version', () => {
    expect(parsePnpmKey('/qs/6.10.2', 5)).toEqual({ name: 'qs', version: '6.10.2' });
    expect(parsePnpmKey('/@babel/core/7.20.0_supports-color@5.5.0', 5)).toEqual({ name: '@babel/core', version: '7.20.0' });
    expect(parsePnpmKey('registry.example.com/qs/6.10.2', 5)).toEqual({ name: 'qs', version: '6.10.2' });
    expect(parsePnpmKey('/@babel/core@7.20.0(supports-color@5.5.0)', 6)).toEqual({ name: '@babel/core', version: '7.20.0' });
    expect(parsePnpmKey('qs@6.10.2', 9)).toEqual({ name: 'qs', version: '6.10.2' });
    expect(parsePnpmKey('github.com/user/repo/abcdef', 9)).toBeUndefined();
  });

  it('broken lockfiles give a clear error', () => {
    expect(() => parseLockfile('package-lock.json', '{"lockfileVersion": 3')).toThrow(/package-lock.json is not valid JSON/);
    expect(() => parseLockfile('package-lock.json', '{}')).toThrow(/has no lockfileVersion/);
    expect(() => parseLockfile('pnpm-lock.yaml', 'importers: [')).toThrow(/pnpm-lock.yaml is not valid YAML/);
    expect(() => parseLockfile('yarn.lock', '  version "1.0.0"\n')).toThrow(/yarn.lock:1: an indented line before any package entry/);
  });
});

const POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies: {}\n';

function lockfileFindings(report: Awaited<ReturnType<typeof scanDir>>): string[] {
  return summarise(report).filter((s) => !s.startsWith('dependencies/no-audit'));
}

describe('lockfile rules on real monorepos', () => {
  for (const name of Object.keys(LOCKFILE)) {
    it(`${name}: in sync; then a changed range, a new and a removed dependency are out of sync`, async () => {
      const files = project(name);
      const clean = await scanDir(makeRepo(files), { policy: POLICY });
      expect(lockfileFindings(clean)).toEqual([]);
      expect(summarise(clean)).toEqual([]);
      expect(clean.checks.find((c) => c.id === 'dependencies')?.notEvaluated).toEqual([expect.stringMatching(/^no dependency audit was given for npm \(/)]);

      const web = JSON.parse(files['packages/web/package.json'] as string);
      web.dependencies.axios = '^0.21.0';
      web.dependencies['left-pad'] = '^1.3.0';
      const root = JSON.parse(files['package.json'] as string);
      delete root.dependencies;
      const changed = await scanDir(
        makeRepo({ ...files, 'packages/web/package.json': JSON.stringify(web, null, 2), 'package.json': JSON.stringify(root, null, 2) }),
        { policy: POLICY },
      );
      // The root keeps only devDependencies (line 7) after its dependencies are removed.
      const removed = name.startsWith('npm') || name.startsWith('pnpm') ? ['dependencies/lockfile-out-of-sync package.json:7'] : [];
      expect(lockfileFindings(changed)).toEqual([...removed, 'dependencies/lockfile-out-of-sync packages/web/package.json:6', 'dependencies/lockfile-out-of-sync packages/web/package.json:7']);
      const messages = changed.findings.map((f) => f.message);
      const lockPath = LOCKFILE[name] as string;
      expect(messages).toContain(
        name.startsWith('npm') || name.startsWith('pnpm') || name === 'yarn-berry' ?
          `\`axios\` is "^0.21.0" in packages/web/package.json but ${lockPath} was written for "^0.15.3": run \`${name.startsWith('npm') ? 'npm' : name.startsWith('pnpm') ? 'pnpm' : 'yarn'} install\` and commit ${lockPath}.`
        : `\`axios\` ("^0.21.0") is in packages/web/package.json but not in ${lockPath}: the lockfile was not updated after the dependency was added. Run \`yarn install\` and commit ${lockPath}.`,
      );
      expect(messages.some((m) => m.startsWith('`left-pad` ("^1.3.0") is in packages/web/package.json but not in'))).toBe(true);
      if (removed.length) expect(messages.find((m) => m.includes('still records'))).toBe(`${lockPath} still records \`qs\` for package.json, which no longer declares it: run \`${name.startsWith('npm') ? 'npm' : 'pnpm'} install\` and commit ${lockPath}.`);
    });
  }

  it('npm v1: a version the range does not allow is out of sync', async () => {
    const pkg = JSON.parse(fixture('npm-high', 'package.json'));
    const files = { 'package.json': JSON.stringify({ ...pkg, dependencies: { qs: '^6.11.0' } }, null, 2), 'package-lock.json': fixture('npm-none', 'package-lock.json') };
    const report = await scanDir(makeRepo(files), { policy: POLICY });
    expect(lockfileFindings(report)).toEqual(['dependencies/lockfile-out-of-sync package.json:5']);
    const lock = { ...JSON.parse(fixture('npm-none', 'package-lock.json')), dependencies: { qs: { version: '6.10.2' } } };
    const mismatch = await scanDir(makeRepo({ ...files, 'package-lock.json': JSON.stringify(lock) }), { policy: POLICY });
    expect(mismatch.findings.map((f) => f.message)).toContain('`qs` is locked at 6.10.2 in package-lock.json, which "^6.11.0" in package.json does not allow: run `npm install` and commit package-lock.json.');
  });

  it('resolutions and overrides force a version: the lockfile records it, which is in sync', async () => {
    // Outline's shape: Yarn 4 with `resolutions` forcing @types/koa, so yarn.lock has only the forced descriptor.
    const berry = [
      '# This file is generated by running "yarn install" inside your project.',
      '',
      '__metadata:',
      '  version: 8',
      '  cacheKey: 10c0',
      '',
      '"@types/koa@npm:2.15.1":',
      '  version: 2.15.1',
      '  resolution: "@types/koa@npm:2.15.1"',
      '  checksum: 10c0/aa',
      '  languageName: node',
      '  linkType: hard',
      '',
      '"app@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "app@workspace:."',
      '  dependencies:',
      '    "@types/koa": "npm:^2.15.1"',
      '  languageName: unknown',
      '  linkType: soft',
      '',
    ].join('\n');
    const pkg = { name: 'app', packageManager: 'yarn@4.11.0', devDependencies: { '@types/koa': '^2.15.1' }, resolutions: { '@types/koa': '2.15.1' } };
    const yarn = await scanDir(makeRepo({ 'package.json': JSON.stringify(pkg, null, 2), 'yarn.lock': berry }), { policy: POLICY });
    expect(lockfileFindings(yarn)).toEqual([]);
    // Without the resolution, the same lockfile is stale for "^2.15.1".
    const { resolutions: _, ...plain } = pkg;
    const stale = await scanDir(makeRepo({ 'package.json': JSON.stringify(plain, null, 2), 'yarn.lock': berry.replace('"npm:^2.15.1"', '"npm:2.15.1"') }), { policy: POLICY });
    expect(lockfileFindings(stale)).toEqual(['dependencies/lockfile-out-of-sync package.json:5']);

    // npm `overrides` pinning qs below the declared range; nested overrides name their target too.
    const npmPkg = JSON.parse(fixture('npm-high', 'package.json'));
    const lock = { ...JSON.parse(fixture('npm-none', 'package-lock.json')), dependencies: { qs: { version: '6.10.2' } } };
    const overridden = { ...npmPkg, dependencies: { qs: '^6.11.0' }, overrides: { express: { qs: '6.10.2' } } };
    const npm = await scanDir(makeRepo({ 'package.json': JSON.stringify(overridden, null, 2), 'package-lock.json': JSON.stringify(lock) }), { policy: POLICY });
    expect(lockfileFindings(npm)).toEqual([]);
    // A forced package that the lockfile does not have at all is still reported.
    const missing = await scanDir(makeRepo({ 'package.json': JSON.stringify({ ...overridden, dependencies: { ...overridden.dependencies, 'left-pad': '^1.3.0' }, overrides: { 'left-pad': '1.3.0' } }, null, 2), 'package-lock.json': JSON.stringify(lock) }), { policy: POLICY });
    expect(missing.findings.map((f) => f.message)).toContain('`left-pad` ("^1.3.0", forced to "1.3.0") is in package.json but not in package-lock.json: run `npm install` and commit package-lock.json.');
  });

  it('no lockfile: next to the package.json or at a workspace root; workspaces are covered', async () => {
    const report = await scanDir(
      makeRepo({
        'package.json': '{\n  "name": "root",\n  "workspaces": ["apps/*"],\n  "devDependencies": {\n    "typescript": "5.9.3"\n  }\n}\n',
        'package-lock.json': JSON.stringify({ name: 'root', lockfileVersion: 3, packages: { '': { name: 'root', workspaces: ['apps/*'], devDependencies: { typescript: '5.9.3' } }, 'node_modules/typescript': { version: '5.9.3', dev: true } } }),
        'apps/web/package.json': '{\n  "name": "web"\n}\n',
        'tools/script/package.json': '{\n  "name": "script",\n  "dependencies": {\n    "chalk": "^5.0.0"\n  }\n}\n',
        'docs/package.json': '{\n  "name": "docs",\n  "peerDependencies": {\n    "react": "*"\n  }\n}\n',
        'node_modules/x/package.json': '{"dependencies":{"y":"1"}}',
      }),
      { policy: POLICY },
    );
    expect(lockfileFindings(report)).toEqual(['dependencies/no-lockfile tools/script/package.json:3']);
    expect(report.findings.find((f) => f.ruleId === 'dependencies/no-lockfile')?.message).toMatch(/^tools\/script\/package.json declares 1 dependency but has no lockfile/);
  });

  it('an unreadable lockfile or package.json is reported, not skipped', async () => {
    const report = await scanDir(makeRepo({ 'package.json': '{"dependencies": {"qs": "6.10.2"}}', 'package-lock.json': '{"lockfileVersion": 3, ', 'sub/package.json': '{ nope' }), { policy: POLICY });
    expect(lockfileFindings(report)).toEqual(['dependencies/unreadable package-lock.json:1', 'dependencies/unreadable sub/package.json:1']);
    expect(report.findings[0]?.message).toMatch(/^package-lock.json is not valid JSON \(.*\): the lockfile cannot be checked against package.json or audited.$/);
  });
});
