import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../src/checks/dependencies/lockfiles/index.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies: {}\n';

/** Findings about lockfiles, without the note that no audit was given. */
async function lockfileRules(files: Record<string, string>): Promise<{ found: string[]; messages: string[]; notEvaluated: string[] }> {
  const report = await scanDir(makeRepo(files), { policy: POLICY });
  const mine = report.findings.filter((f) => f.check === 'dependencies' && f.ruleId !== 'dependencies/no-audit');
  const status = report.checks.find((c) => c.id === 'dependencies');
  return { found: summarise({ ...report, findings: mine }), messages: mine.map((f) => f.message), notEvaluated: status?.notEvaluated ?? [] };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A pnpm 9 monorepo of a recipe site: a web app and a shared package, one lockfile at the root. */
function recipesMonorepo(): Record<string, string> {
  return {
    'package.json': json({ name: 'recipes', private: true, packageManager: 'pnpm@9.15.4', devDependencies: { turbo: '^2.3.3' } }),
    'pnpm-workspace.yaml': [
      'packages:',
      '  - "apps/*"',
      '  - "packages/*"',
      'catalog:',
      '  react: ^18.3.1',
      'catalogs:',
      '  testing:',
      '    vitest: ^2.1.8',
      'overrides:',
      '  # security fix for every copy of cookie',
      '  cookie: 0.7.2',
      '  "undici@6": 6.21.1',
      '  "mjml>html-minifier": "npm:html-minifier-terser@7.2.0"',
      '',
    ].join('\n'),
    'apps/web/package.json': json({ name: '@recipes/web', dependencies: { react: 'catalog:', cookie: '^0.6.0', undici: '^6.19.0', '@recipes/ui': 'workspace:*' }, devDependencies: { vitest: 'catalog:testing' } }),
    'packages/ui/package.json': json({ name: '@recipes/ui', dependencies: { react: 'catalog:default' } }),
    'pnpm-lock.yaml': [
      "lockfileVersion: '9.0'",
      '',
      'settings:',
      '  autoInstallPeers: true',
      '  excludeLinksFromLockfile: false',
      '',
      'catalogs:',
      '  default:',
      '    react:',
      '      specifier: ^18.3.1',
      '      version: 18.3.1',
      '  testing:',
      '    vitest:',
      '      specifier: ^2.1.8',
      '      version: 2.1.8',
      '',
      'overrides:',
      '  cookie: 0.7.2',
      '  undici@6: 6.21.1',
      '  mjml>html-minifier: npm:html-minifier-terser@7.2.0',
      '',
      'importers:',
      '',
      '  .:',
      '    devDependencies:',
      '      turbo:',
      '        specifier: ^2.3.3',
      '        version: 2.3.3',
      '',
      '  apps/web:',
      '    dependencies:',
      "      '@recipes/ui':",
      '        specifier: workspace:*',
      '        version: link:../../packages/ui',
      '      cookie:',
      '        specifier: 0.7.2',
      '        version: 0.7.2',
      '      react:',
      "        specifier: 'catalog:'",
      '        version: 18.3.1',
      '      undici:',
      '        specifier: 6.21.1',
      '        version: 6.21.1',
      '    devDependencies:',
      '      vitest:',
      "        specifier: 'catalog:testing'",
      '        version: 2.1.8',
      '',
      '  packages/ui:',
      '    dependencies:',
      '      react:',
      "        specifier: 'catalog:'",
      '        version: 18.3.1',
      '',
      'packages:',
      '',
      '  cookie@0.7.2:',
      '    resolution: {integrity: sha512-yki5XnKuf750l50uGTllt6kKILY4nQ1eNIQatoXEByZ5dWgnKqbnqmTrBE5B4N7lrMJKQ2ytWMiTO2o0v6Ew/w==}',
      '',
      '  js-tokens@4.0.0:',
      '    resolution: {integrity: sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kCM6Sbzg4CausW/PKQ==}',
      '',
      '  loose-envify@1.4.0:',
      '    resolution: {integrity: sha512-lyuxPGr/Wfhrlem2CL/UcnUc1zcqKAImBDzukY7Y5F/yQiNdko6+fRLevlw1HgMySw7f611UIY408EtxRSoK3Q==}',
      '',
      '  react@18.3.1:',
      '    resolution: {integrity: sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==}',
      '',
      '  turbo@2.3.3:',
      '    resolution: {integrity: sha512-DUHWQAcC8BTiUZDRzAYGvpSpGLiaOQPfYXlCieQbwUvmml/LRGIe3raKdrOPOoiX0DYlzxs2nH6BoWJoZrj8hA==}',
      '',
      '  undici@6.21.1:',
      '    resolution: {integrity: sha512-q/1rj5D0/zayJB2FraXdaWxbhWiNKDvu8naDT2dl1yTlvJp4BLtOcp2a5BvgGNQpYYJzau7tf1WgKv3b+7mqpQ==}',
      '',
      '  vitest@2.1.8:',
      '    resolution: {integrity: sha512-1vBKTZskHw/aosXqQUlVWWlGUxSJR8YtiyZDJAFeW2kPAeX6S3Sool0mjspO+kXLuxVWlEDDowBAeqeAQefqLQ==}',
      '',
      'snapshots:',
      '',
      '  cookie@0.7.2: {}',
      '',
      '  js-tokens@4.0.0: {}',
      '',
      '  loose-envify@1.4.0:',
      '    dependencies:',
      '      js-tokens: 4.0.0',
      '',
      '  react@18.3.1:',
      '    dependencies:',
      '      loose-envify: 1.4.0',
      '',
      '  turbo@2.3.3: {}',
      '',
      '  undici@6.21.1: {}',
      '',
      '  vitest@2.1.8: {}',
      '',
    ].join('\n'),
  };
}

describe('pnpm: catalogs and overrides of pnpm-workspace.yaml', () => {
  it('catalog: specifiers and workspace overrides match the lockfile that pnpm wrote for them', async () => {
    const result = await lockfileRules(recipesMonorepo());
    expect(result.found).toEqual([]);
    const lock = parseLockfile('pnpm-lock.yaml', recipesMonorepo()['pnpm-lock.yaml'] as string);
    expect(lock.catalogs?.get('testing')?.get('vitest')).toEqual({ specifier: '^2.1.8', version: '2.1.8' });
    // A parent>child override forces the child only under that parent: it is not a forced direct dependency.
    expect([...(lock.overrides?.keys() ?? [])].sort()).toEqual(['cookie', 'undici']);
  });

  it('a catalog entry changed after the install, or missing, is out of sync; so is an override removed from the workspace', async () => {
    const files = recipesMonorepo();
    const bumped = await lockfileRules({ ...files, 'pnpm-workspace.yaml': (files['pnpm-workspace.yaml'] as string).replace('react: ^18.3.1', 'react: ^19.0.0') });
    expect(bumped.found).toEqual(['dependencies/lockfile-out-of-sync apps/web/package.json:4', 'dependencies/lockfile-out-of-sync packages/ui/package.json:4']);
    expect(bumped.messages[0]).toBe('`react` is "^19.0.0" in the `catalog` of pnpm-workspace.yaml (apps/web/package.json uses "catalog:"), but pnpm-lock.yaml was written for "^18.3.1": run `pnpm install` and commit pnpm-lock.yaml.');

    const missing = await lockfileRules({ ...files, 'pnpm-workspace.yaml': (files['pnpm-workspace.yaml'] as string).replace('    vitest: ^2.1.8\n', '    playwright: ^1.49.1\n') });
    expect(missing.found).toEqual(['dependencies/lockfile-out-of-sync apps/web/package.json:10']);
    expect(missing.messages[0]).toBe('`vitest` is "catalog:testing" in apps/web/package.json, but the catalog `testing` of pnpm-workspace.yaml has no entry for it: `pnpm install` fails until it does.');

    // Without the workspace's override (and without the lockfile's record of it), ^0.6.0 does not allow the locked 0.7.2.
    const lockWithout = (files['pnpm-lock.yaml'] as string).replace('  cookie: 0.7.2\n  undici@6', '  undici@6');
    const noOverride = await lockfileRules({ ...files, 'pnpm-workspace.yaml': (files['pnpm-workspace.yaml'] as string).replace('  cookie: 0.7.2\n', ''), 'pnpm-lock.yaml': lockWithout });
    expect(noOverride.found).toEqual(['dependencies/lockfile-out-of-sync apps/web/package.json:5']);
  });
});

describe('a package declared twice in one package.json', () => {
  it('Yarn 4 records one of its specs: either counts as in sync', async () => {
    const pkg = json({ name: '@kitchen/timers', dependencies: { 'date-fns': '4.1.0' }, devDependencies: { 'date-fns': '^4.0.0' } });
    const yarnLock = [
      '__metadata:',
      '  version: 8',
      '  cacheKey: 10c0',
      '',
      '"@kitchen/timers@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "@kitchen/timers@workspace:."',
      '  dependencies:',
      '    date-fns: "npm:^4.0.0"',
      '  languageName: unknown',
      '  linkType: soft',
      '',
      '"date-fns@npm:4.1.0, date-fns@npm:^4.0.0":',
      '  version: 4.1.0',
      '  resolution: "date-fns@npm:4.1.0"',
      '  checksum: 10c0/b64b33',
      '  languageName: node',
      '  linkType: hard',
      '',
    ].join('\n');
    expect((await lockfileRules({ 'package.json': pkg, 'yarn.lock': yarnLock })).found).toEqual([]);
    const other = json({ name: '@kitchen/timers', dependencies: { 'date-fns': '^3.6.0' } });
    expect((await lockfileRules({ 'package.json': other, 'yarn.lock': yarnLock })).found).toEqual(['dependencies/lockfile-out-of-sync package.json:4']);
  });
});

/** A pnpm workspace whose member folder still carries the lockfile it had before it joined. */
function tauriWorkspace(memberRange: string): Record<string, string> {
  return {
    'package.json': json({ name: 'desk', private: true }),
    'pnpm-workspace.yaml': 'packages:\n  - "packages/**"\n',
    'pnpm-lock.yaml': [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  .: {}',
      '',
      '  packages/shell/plugins/window-state:',
      '    devDependencies:',
      '      esbuild:',
      '        specifier: ^0.24.2',
      '        version: 0.24.2',
      '',
      'packages:',
      '',
      '  esbuild@0.24.2:',
      '    resolution: {integrity: sha512-+9egpBW8I3CD5XPe0n6BfT5fxLzxrlDzqydF3aviG+9ni1lDC/OvMHcxqEFV0+LANZG5R1bFMWfUrjVsdwxJAA==}',
      '',
      'snapshots:',
      '',
      '  esbuild@0.24.2: {}',
      '',
    ].join('\n'),
    'packages/shell/plugins/window-state/package.json': json({ name: 'window-state-plugin', devDependencies: { esbuild: memberRange } }),
    'packages/shell/plugins/window-state/pnpm-lock.yaml': [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '',
      '  .:',
      '    devDependencies:',
      '      esbuild:',
      '        specifier: ^0.19.12',
      '        version: 0.19.12',
      '',
      'packages:',
      '',
      '  esbuild@0.19.12:',
      '    resolution: {integrity: sha512-aARqgq8roFBj054KvQr5f1sFu0D65G+miZRCuJyJ0G13Zwx7vRar5Zhn2tkQNzIXcBrNVsv/8stehpj+GAjgbg==}',
      '',
      'snapshots:',
      '',
      '  esbuild@0.19.12: {}',
      '',
    ].join('\n'),
  };
}

describe('a lockfile inside a member of a workspace', () => {
  it('the workspace lockfile is authoritative; the stale nested one is a notice that says so', async () => {
    const result = await lockfileRules(tauriWorkspace('^0.24.2'));
    expect(result.found).toEqual(['dependencies/nested-lockfile packages/shell/plugins/window-state/pnpm-lock.yaml:1']);
    expect(result.messages[0]).toMatch(
      /^packages\/shell\/plugins\/window-state\/pnpm-lock\.yaml is not the lockfile of packages\/shell\/plugins\/window-state: .* at the repository root, whose pnpm-lock\.yaml is what installs use, and this nested lockfile no longer matches packages\/shell\/plugins\/window-state\/package\.json \(1 difference, e\.g\. `esbuild` is "\^0\.24\.2" in packages\/shell\/plugins\/window-state\/package\.json but packages\/shell\/plugins\/window-state\/pnpm-lock\.yaml was written for "\^0\.19\.12"\)\. Delete it/,
    );
    // A member out of sync with the workspace lockfile is an error, whatever its own lockfile says.
    const drifted = await lockfileRules(tauriWorkspace('^0.25.0'));
    expect(drifted.found).toEqual(['dependencies/lockfile-out-of-sync packages/shell/plugins/window-state/package.json:4', 'dependencies/nested-lockfile packages/shell/plugins/window-state/pnpm-lock.yaml:1']);
    expect(drifted.messages[0]).toContain('but pnpm-lock.yaml was written for "^0.24.2"');
  });

  it('a nested lockfile that still matches says nothing; with shared-workspace-lockfile=false it is the one that counts', async () => {
    const files = tauriWorkspace('^0.19.12');
    const inSyncNested = (files['packages/shell/plugins/window-state/pnpm-lock.yaml'] as string);
    expect((await lockfileRules({ ...tauriWorkspace('^0.24.2'), 'packages/shell/plugins/window-state/pnpm-lock.yaml': inSyncNested.replaceAll('0.19.12', '0.24.2') })).found).toEqual([]);
    const own = await lockfileRules({ ...tauriWorkspace('^0.24.2'), '.npmrc': 'shared-workspace-lockfile=false\n' });
    expect(own.found).toEqual(['dependencies/lockfile-out-of-sync packages/shell/plugins/window-state/package.json:4']);
    expect(own.messages[0]).toContain('packages/shell/plugins/window-state/pnpm-lock.yaml was written for "^0.19.12"');
  });
});

/** A Bun workspace (bun.lock, Bun 1.2): a dashboard and an e-mail templates package. */
function bunWorkspace(): Record<string, string> {
  return {
    'package.json': json({ name: 'ops-console', private: true, workspaces: ['dashboard', 'packages/*'] }),
    'dashboard/package.json': json({ name: 'dashboard', dependencies: { 'react-dom': '^19.1.0', zod: '3.25.76' }, devDependencies: { vite: '^7.0.6' } }),
    'packages/mail/package.json': json({ name: '@ops/mail', dependencies: { 'react-email': '4.2.3' } }),
    'bun.lock': [
      '{',
      '  "lockfileVersion": 1,',
      '  "workspaces": {',
      '    "": {',
      '      "name": "ops-console",',
      '    },',
      '    "dashboard": {',
      '      "name": "dashboard",',
      '      "dependencies": {',
      '        "react-dom": "^19.1.0",',
      '        "zod": "3.25.76",',
      '      },',
      '      "devDependencies": {',
      '        "vite": "^7.0.6",',
      '      },',
      '    },',
      '    "packages/mail": {',
      '      "name": "@ops/mail",',
      '      "dependencies": {',
      '        "react-email": "4.2.3",',
      '      },',
      '    },',
      '  },',
      '  "packages": {',
      '    "@ops/mail": ["@ops/mail@workspace:packages/mail"],',
      '',
      '    "dashboard": ["dashboard@workspace:dashboard"],',
      '',
      '    "react": ["react@19.1.1", "", {}, "sha512-w8nqGImo45dmMIfljjMwOGtbmC/mk4CMYhWIicdSflH91J9TyCyczcPFXJzrZ/ZXcgGRFeP6BU0BEJTw6tZdfQ=="],',
      '',
      '    "react-dom": ["react-dom@19.1.1", "", { "dependencies": { "scheduler": "^0.26.0" }, "peerDependencies": { "react": "^19.1.1" } }, "sha512-Dlq/5LAZgF0Gaz6yiqZCf6VCcZs1ghAJyrsu84Q/GT0gV+mCxbfmKNoGRKBYMJ8IEdGPqu49YWXD02GCknEDkw=="],',
      '',
      '    "react-email": ["react-email@4.2.3", "", { "dependencies": { "commander": "13.1.0" } }, "sha512-7uxLm7bSHPmTw8Rd9kCVbA1DeFqnJqYVIBtWs4TB6Ipf5RIXZ8jF6TUMcq/VfDMcRXJR1Y6OLbVOgQJ0b4ug=="],',
      '',
      '    "react-email/commander": ["commander@13.1.0", "", {}, "sha512-/rFeCpNJQbhSZjGVwO9RFV3xPqbnERS8MmIQzCtD/zl6gpJuV/bMLuN92oG3F7d8oDEHHRrujSXNUr8fpjntKw=="],',
      '',
      '    "scheduler": ["scheduler@0.26.0", "", {}, "sha512-NlHwttCI/l5gCPR3D1nNXtWABUmBwvZpEQiD4IXSbIDq8BzLIK/7Ir5gTFSGZDUu37K5cMNp0hFtzO38sC7gWA=="],',
      '',
      '    "vite": ["vite@7.0.6", "", { "bin": { "vite": "bin/vite.js" } }, "sha512-MHFiOENNBd+Bd9uvc8GEsIzdkn1JxMmEeYX35tI3fv0sJBUTfW5tQsoaOwuY4KhBI09A3dUJ/DXf2yxPVPUceg=="],',
      '',
      '    "zod": ["zod@3.25.76", "", {}, "sha512-gzUt/qt81nXsFGKIFcC3YnfEAx5NkunCfnDlvuBSSFS02bcXu4Lmea0AFIUwbLWxWPx3d9p8S5QoaujKcNQxcQ=="],',
      '  }',
      '}',
      '',
    ].join('\n'),
  };
}

describe('bun', () => {
  it('bun.lock covers its workspaces, and its recorded ranges and dependency graph are read', async () => {
    const files = bunWorkspace();
    expect((await lockfileRules(files)).found).toEqual([]);
    const lock = parseLockfile('bun.lock', files['bun.lock'] as string);
    expect(lock.manager).toBe('bun');
    expect(lock.resolveDirect('packages/mail', 'react-email', '4.2.3')).toMatchObject({ version: '4.2.3', spec: '4.2.3' });
    expect(lock.packages.get('react-email')?.dependencies).toEqual(['react-email/commander']);
    expect(lock.packages.get('react-dom')?.dependencies).toEqual(['scheduler']);

    const dashboard = JSON.parse(files['dashboard/package.json'] as string);
    dashboard.dependencies.zod = '^4.0.5';
    const changed = await lockfileRules({ ...files, 'dashboard/package.json': json(dashboard) });
    expect(changed.found).toEqual(['dependencies/lockfile-out-of-sync dashboard/package.json:5']);
    expect(changed.messages[0]).toBe('`zod` is "^4.0.5" in dashboard/package.json but bun.lock was written for "3.25.76": run `bun install` and commit bun.lock.');
  });

  it('bun.lockb is a lockfile too: no no-lockfile, and its sync is not evaluated rather than passed', async () => {
    const { 'bun.lock': _, ...files } = bunWorkspace();
    const result = await lockfileRules({ ...files, 'bun.lockb': '\u0000\u0001bun-lockfile-format-v0\u0000' });
    expect(result.found).toEqual([]);
    expect(result.notEvaluated).toEqual([
      'bun.lockb is binary, so whether it matches package.json is not known (`bun install --save-text-lockfile` writes bun.lock, which the check reads)',
      'no dependency audit was given for npm (bun.lockb): add a workflow step `osv-scanner scan source -r --format json . > osv.json || true` before the gate and list the file in `checks.dependencies.reports`',
    ]);
  });
});

describe('no lockfile', () => {
  it('the advice names the package manager in use; code written for readers is not a project', async () => {
    const result = await lockfileRules({
      'package.json': json({ name: 'shop', packageManager: 'pnpm@9.12.0', private: true }),
      'services/worker/package.json': json({ name: 'worker', dependencies: { bullmq: '^5.34.0' } }),
      'docs/snippets/webhook-examples/node-express/package.json': json({ name: 'webhook-example', dependencies: { express: '^4.21.2' } }),
      'templates/starter/package.json': json({ name: 'starter', dependencies: { next: '15.1.3' } }),
    });
    expect(result.found).toEqual(['dependencies/no-lockfile services/worker/package.json:3']);
    expect(result.messages[0]).toBe(
      "services/worker/package.json declares 1 dependency but has no lockfile next to it or at a workspace root: installs are not reproducible and cannot be audited. Run `pnpm install` in services/worker and commit pnpm-lock.yaml (or list services/worker in the workspace of the root's lockfile).",
    );
  });
});
