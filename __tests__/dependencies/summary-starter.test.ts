import { describe, expect, it } from 'vitest';
import dependencies from '../../src/checks/dependencies/index.js';
import { renderDependencySummary } from '../../src/checks/dependencies/summary.js';
import { starterPolicy } from '../../src/cli/init.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { CHECKS } from '../../src/checks/index.js';
import { commit, git, makeDir, makeRepo, scanDir } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo, monorepoNpm7Report } from './monorepo.js';

describe('the Markdown section', () => {
  it('a table per severity, each advisory with its fix and path, the fix commands and what was allowed', async () => {
    const root = makeRepo({ ...monorepo('npm-v3'), 'npm-audit.json': monorepoNpm7Report() });
    const policy = [
      'version: 1',
      'extends: []',
      'checks:',
      '  dependencies:',
      '    reports: [npm-audit.json]',
      '    allow:',
      '      - id: GHSA-28xh-wpgr-7fm8',
      '        reason: open runs only in the dev server',
      '        expires: 2027-06-30',
      '',
    ].join('\n');
    const report = await scanDir(root, { policy, now: new Date('2026-11-23T12:00:00Z') });
    const lines = renderDependencySummary(report);
    expect(lines.slice(0, 9)).toEqual([
      '### Dependencies',
      '',
      '| Severity | Failing | Listed | Known (base) | Allowed |',
      '|---|---|---|---|---|',
      '| 🟥 critical | 1 | — | — | 1 |',
      '| 🟧 high | 5 | — | — | — |',
      '| 🟨 moderate | — | 1 | — | — |',
      '',
      '| | Package | Advisory | Fix | Path | Status |',
    ]);
    expect(lines).toContain(
      '| 🟥 | `minimist@1.2.5` | [GHSA-xvch-5gv4-984h](https://github.com/advisories/GHSA-xvch-5gv4-984h) Prototype Pollution in minimist (CVSS 9.8) | 1.2.8 | `minimist` | ❌ fails |',
    );
    expect(lines).toContain(
      '| 🟧 | `follow-redirects@1.0.0` | [GHSA-74fj-2j2h-c42q](https://github.com/advisories/GHSA-74fj-2j2h-c42q) Exposure of sensitive information in follow-redirects | axios@0.26.0 ⚠️ major | `axios › follow-redirects` | ❌ fails |',
    );
    expect(lines).toContain('| 🟥 | `open@0.0.5` (dev) | [GHSA-28xh-wpgr-7fm8](https://github.com/advisories/GHSA-28xh-wpgr-7fm8) Command Injection in open | 8.4.0 ⚠️ major | `open` | ✅ allowed |');
    const fix = lines.indexOf('**Fix commands**');
    expect(lines.slice(fix, fix + 7)).toEqual(['**Fix commands**', '', '```sh', '(cd packages/api && npm install minimist@1.2.8)', '(cd packages/web && npm install axios@0.26.0)', 'npm install qs@6.11.2', '```']);
    expect(lines.slice(-4)).toEqual([
      '| Advisory | Package | Reason |',
      '|---|---|---|',
      '| [GHSA-28xh-wpgr-7fm8](https://github.com/advisories/GHSA-28xh-wpgr-7fm8) | `open` | open runs only in the dev server (allowed until 2027-06-30, security-policy.yml:7) |',
      '',
    ]);
  });

  it('says when the audit is unavailable or missing, and lists a PR\'s new dependencies', async () => {
    const unavailable = await scanDir(makeRepo({ ...monorepo('npm-v3'), 'npm-audit.json': fixture('../recorded', 'npm-11-405.json') }), {
      policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    reports: [npm-audit.json]\n',
    });
    expect(renderDependencySummary(unavailable)[2]).toMatch(/^> ❌ \*\*Audit unavailable\.\*\* Dependency audit unavailable — npm-audit.json: the audit failed: 405 Method Not Allowed/);
    // Without findings there is no section: the checklist says the advisories were not evaluated.
    const missing = await scanDir(makeRepo(monorepo('npm-v3')));
    expect(renderDependencySummary(missing)).toEqual([]);
    const strict = await scanDir(makeRepo(monorepo('npm-v3')), { policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    require-audit: true\n' });
    expect(renderDependencySummary(strict)[2]).toMatch(/^> ❌ \*\*No dependency audit was given\.\*\* No dependency audit was given for npm \(package-lock\.json\)/);
    // A section with findings says what no audit covers.
    const partly = await scanDir(makeRepo({ ...monorepo('npm-v3'), 'npm-audit.json': fixture('../recorded', 'npm-11-405.json'), 'requirements.txt': 'flask==3.0.0\n' }), {
      policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    reports: [npm-audit.json]\n',
    });
    expect(renderDependencySummary(partly).slice(2, 6)).toEqual([
      expect.stringMatching(/^> ❌ \*\*Audit unavailable\.\*\*/),
      '',
      expect.stringMatching(/^> ❔ \*\*Not evaluated\*\* \(never counted as passed\): no audit report for Python \(requirements\.txt\)/),
      '',
    ]);

    const files = monorepo('npm-v3');
    const root = makeRepo({ ...files, 'packages/api/package.json': '{\n  "name": "@demo/api",\n  "version": "1.0.0"\n}\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const head = commit(root, { 'packages/api/package.json': files['packages/api/package.json'] as string });
    const pr = await scanDir(root, { policy: 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: false\n    severity: {dependencies/no-audit: "off"}\n', scope: { kind: 'pr', base, head } });
    const lines = renderDependencySummary(pr);
    // No audit: the new dependency's advisories are not known, which the section says instead of "—".
    expect(lines.slice(2, 8)).toEqual([
      expect.stringMatching(/^> ❔ \*\*Not evaluated\*\* \(never counted as passed\): no dependency audit was given for npm \(package-lock\.json\)/),
      '',
      '**New dependencies in this pull request**',
      '',
      '| Package | Range | Locked | Brings | Advisories |',
      '|---|---|---|---|---|',
    ]);
    expect(lines[8]).toBe('| `minimist` (packages/api/package.json) | `1.2.5` | 1.2.5 | — | ❔ not audited |');
    expect(pr.findings.find((f) => f.ruleId === 'dependencies/new-package')?.message).toBe(
      'New dependency `minimist` ("1.2.5", locked at 1.2.5). Not audited: no audit covers package-lock.json, so its advisories are not known.',
    );
  });

  it('nothing to say, nothing rendered', async () => {
    const report = await scanDir(makeDir({ 'a.txt': 'x' }), { policy: 'version: 1\nextends: []\nchecks:\n  dependencies: {}\n' });
    expect(renderDependencySummary(report)).toEqual([]);
  });
});

describe('security-gate init', () => {
  it('proposes one report per lockfile with the workflow step that writes it, and the result is a valid policy', async () => {
    const root = makeRepo({
      ...monorepo('npm-v3'),
      'tools/docs/package.json': '{"name":"docs","dependencies":{"qs":"6.10.2"}}',
      'tools/docs/pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'legacy/package.json': '{"name":"legacy","packageManager":"yarn@4.5.3"}',
      'legacy/yarn.lock': '__metadata:\n  version: 8\n',
      'legacy/.yarnrc.yml': 'nodeLinker: node-modules\n',
    });
    const text = await starterPolicy(root);
    expect(text).toContain(
      [
        '  dependencies:',
        '    reports:',
        '      # Written by a workflow step before the gate runs:',
        '      #   (cd legacy && yarn npm audit --all --recursive --json > yarn-audit.json || [ -s yarn-audit.json ])',
        '      - path: legacy/yarn-audit.json',
        '        allow-empty: true',
        '      #   npm audit --json > npm-audit.json || true',
        '      - npm-audit.json',
        '      #   (cd tools/docs && pnpm audit --json > pnpm-audit.json || true)',
        '      - tools/docs/pnpm-audit.json',
        '    fail-on-severity: high',
      ].join('\n'),
    );
    const loaded = await loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });
    expect(loaded.policy.checks.dependencies).toMatchObject({ 'fail-on-severity': 'high', reports: [{ path: 'legacy/yarn-audit.json', 'allow-empty': true }, 'npm-audit.json', 'tools/docs/pnpm-audit.json'] });
  });

  it('other ecosystems: one report per project, written by a step that installs nothing', async () => {
    const root = makeRepo({
      'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi>=0.115"]\n',
      'api/uv.lock': 'version = 1\n',
      'worker/requirements.txt': 'celery==5.4.0\n',
      'worker/requirements-dev.txt': 'pytest==8.3.4\n',
      'scripts/setup.py': 'from setuptools import setup\nsetup(name="scripts", install_requires=["click"])\n',
      'go.mod': 'module example.test/pantry\n\ngo 1.22\n',
      'billing/composer.json': '{"require": {"php": "^8.2"}}',
      'billing/composer.lock': '{"packages": []}',
      'docs/examples/rails/Gemfile': 'source "https://rubygems.org"\n',
    });
    const text = await starterPolicy(root);
    expect(text).toContain(
      [
        '  dependencies:',
        '    reports:',
        '      # Written by a workflow step before the gate runs:',
        '      #   govulncheck -format json ./... > govulncheck.json || true',
        '      - govulncheck.json',
        '      #   (cd billing && composer audit --locked --format=json > composer-audit.json || true)',
        '      - billing/composer-audit.json',
        '      #   (cd api && uv export --frozen --no-emit-project --format requirements-txt -o requirements.audit.txt && pip-audit -r requirements.audit.txt --disable-pip -f json -o pip-audit.json || true)',
        '      - api/pip-audit.json',
        '      #   (cd scripts && pip-audit -f json -o pip-audit.json || true) after the step that installs the project',
        '      - scripts/pip-audit.json',
        '      #   (cd worker && pip-audit -r requirements.txt --disable-pip --no-deps -f json -o pip-audit.json || true)',
        '      - worker/pip-audit.json',
        '    fail-on-severity: high',
      ].join('\n'),
    );
    const loaded = await loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });
    expect(loaded.policy.checks.dependencies).toMatchObject({ reports: ['govulncheck.json', 'billing/composer-audit.json', 'api/pip-audit.json', 'scripts/pip-audit.json', 'worker/pip-audit.json'] });
  });

  it('without lockfiles: the threshold only when there are dependencies', () => {
    expect(dependencies.starter?.({ root: '/x', paths: ['package.json'], packageJson: { dependencies: { qs: '1.0.0' } } })).toEqual({ 'fail-on-severity': 'high' });
    expect(dependencies.starter?.({ root: '/x', paths: ['README.md'] })).toBeUndefined();
  });
});
