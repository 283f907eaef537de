import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuditText } from '../../src/checks/dependencies/formats/detect.js';
import { splitJsonStream } from '../../src/checks/dependencies/formats/govulncheck.js';
import type { AuditOutcome, ParsedReport } from '../../src/checks/dependencies/model.js';
import type { Report } from '../../src/core/report.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { FIXTURES } from './helpers.js';

const audit = (name: string) => readFileSync(join(FIXTURES, '..', 'audits', name), 'utf8');

function report(outcome: AuditOutcome): ParsedReport {
  if (outcome.kind !== 'report') throw new Error(`unavailable: ${outcome.reason}`);
  return outcome.report;
}

describe('audit outputs of other ecosystems', () => {
  it('pip-audit: dependencies and their vulns; no severity in the format, so it is assumed; skipped local packages are not advisories', () => {
    const parsed = report(parseAuditText(audit('pip-audit.json')));
    expect(parsed.format).toBe('pip-audit');
    expect(parsed.dependencyCount).toBe(4);
    expect(parsed.vulnerabilities.map((v) => [v.package, v.versions, v.advisory.key, v.advisory.cves, v.advisory.severity, v.advisory.severityAssumed, v.fix?.version, v.ecosystem])).toEqual([
      ['jinja2', ['3.1.2'], 'GHSA-h5c8-rqwp-cp95', ['CVE-2024-22195'], 'high', true, '3.1.3', 'PyPI'],
      ['requests', ['2.31.0'], 'GHSA-9wx4-h78v-vm56', ['CVE-2024-35195'], 'high', true, '2.32.0', 'PyPI'],
    ]);
    expect(parsed.vulnerabilities[0]?.advisory.title).toBe('The `xmlattr` filter in affected versions of Jinja accepts keys containing spaces.');
    expect(report(parseAuditText(audit('pip-audit-legacy.json'))).vulnerabilities.map((v) => v.package)).toEqual(['jinja2']);
    expect(report(parseAuditText(audit('pip-audit-clean.json'))).vulnerabilities).toEqual([]);
    // pip-audit that could resolve nothing audited nothing.
    const nothing = parseAuditText('{"dependencies": [{"name": "recipe-box", "skip_reason": "Dependency not found on PyPI and could not be audited: recipe-box (0.4.0)"}], "fixes": []}');
    expect(nothing).toMatchObject({ kind: 'unavailable', format: 'pip-audit' });
    expect(nothing.kind === 'unavailable' && nothing.reason).toMatch(/pip-audit skipped every dependency: recipe-box/);
  });

  it('govulncheck: a stream of indented objects; a called symbol is reachable, an import or a requirement is not', () => {
    const parsed = report(parseAuditText(audit('govulncheck.json')));
    expect(parsed.format).toBe('govulncheck');
    expect(parsed.vulnerabilities.map((v) => [v.package, v.versions[0], v.advisory.key, v.fix?.version, v.reachable, v.note])).toEqual([
      ['golang.org/x/crypto', '0.14.0', 'GHSA-45x7-px36-x8w8', '0.17.0', true, 'govulncheck: called from internal/backup/sftp.go:42 (Upload)'],
      ['golang.org/x/net', '0.17.0', 'GHSA-4v7x-pqxf-cx7m', '0.23.0', false, 'govulncheck: package imported, vulnerable code not called'],
      ['stdlib', '1.21.5', 'GHSA-4v7x-pqxf-cx7m', '1.21.9', true, 'govulncheck: called from cmd/pantry/main.go:38 (main)'],
    ]);
    expect(parsed.vulnerabilities[0]?.advisory).toMatchObject({ cves: ['CVE-2023-48795'], sourceId: 'GO-2023-2402', url: 'https://pkg.go.dev/vuln/GO-2023-2402', severityAssumed: true });
    expect(report(parseAuditText(audit('govulncheck-clean.json'))).vulnerabilities).toEqual([]);
    // Cut short in the middle of a message: not a report.
    const text = audit('govulncheck.json');
    expect(parseAuditText(text.slice(0, text.indexOf('"finding"') + 40)).kind).toBe('unavailable');
  });

  it('bundler-audit: unpatched gems with their criticality (unknown when the entry has no CVSS), and insecure gem sources', () => {
    const parsed = report(parseAuditText(audit('bundle-audit.json')));
    expect(parsed.format).toBe('bundler-audit');
    expect(parsed.vulnerabilities.map((v) => [v.package, v.advisory.key, v.advisory.severity, v.advisory.severityAssumed ?? false, v.fix?.version])).toEqual([
      ['http://gems.kitchen-tools.test/', 'insecure-source:http://gems.kitchen-tools.test/', 'high', false, undefined],
      ['rack', 'GHSA-54rr-7fvw-6x8f', 'moderate', false, '2.0.9'],
      ['actionpack', 'GHSA-9822-6m93-xqf4', 'high', true, '7.0.8'],
    ]);
    expect(parsed.vulnerabilities[1]?.advisory.cves).toEqual(['CVE-2024-26146']);
    expect(report(parseAuditText(audit('bundle-audit-clean.json')))).toMatchObject({ format: 'bundler-audit', vulnerabilities: [] });
    // Without --output, `--update` prints its banner into the same stream: not JSON, never clean.
    expect(parseAuditText(`Updating ruby-advisory-db ...\n${audit('bundle-audit-clean.json')}`)).toMatchObject({ kind: 'unavailable' });
  });

  it('composer audit: advisories grouped by package, [] for none; npm 6 reports with `advisories` are still npm 6', () => {
    const parsed = report(parseAuditText(audit('composer-audit.json')));
    expect(parsed.format).toBe('composer-audit');
    expect(parsed.vulnerabilities.map((v) => [v.package, v.advisory.key, v.advisory.severity, v.advisory.severityAssumed ?? false, v.advisory.vulnerableRange])).toEqual([
      ['guzzlehttp/psr7', 'GHSA-wxmh-65f7-jcvw', 'moderate', false, '>=2,<2.4.5|<1.9.1'],
      ['twig/twig', 'GHSA-6377-hfv9-hqf6', 'high', true, '>=3.0.0,<3.11.1|>=2.0.0,<2.16.1|<1.44.8'],
    ]);
    expect(report(parseAuditText(audit('composer-audit-clean.json')))).toMatchObject({ format: 'composer-audit', vulnerabilities: [] });
    expect(report(parseAuditText(readFileSync(join(FIXTURES, 'npm-high', 'npm-output.json'), 'utf8'))).format).toBe('npm6');
  });
});

describe('malformed reports of other ecosystems: an error that names what is wrong, never a pass', () => {
  const unavailable = (text: string) => {
    const outcome = parseAuditText(text);
    if (outcome.kind !== 'unavailable') throw new Error(`read as a ${outcome.report.format} report with ${outcome.report.vulnerabilities.length} advisories`);
    return outcome.reason;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits of a parsed fixture
  const edit = (name: string, change: (data: any) => void) => {
    const data = JSON.parse(audit(name));
    change(data);
    return JSON.stringify(data);
  };

  it('pip-audit', () => {
    expect(unavailable(edit('pip-audit.json', (d) => delete d.dependencies[1].vulns))).toBe('the pip-audit report is malformed: dependencies[1].vulns must be a list, found nothing');
    expect(unavailable(edit('pip-audit.json', (d) => (d.dependencies[2].vulns[0].id = 7)))).toBe('the pip-audit report is malformed: dependencies[2].vulns[0].id must be a string, found a number (7)');
    expect(unavailable(edit('pip-audit-legacy.json', (d) => (d[0].name = null)))).toMatch(/^the pip-audit report is malformed: the report\[0\]\.name must be a string, found null$/);
    // Run in an empty virtualenv: nothing audited is not a clean audit.
    expect(unavailable('{"dependencies": [], "fixes": []}')).toMatch(/pip-audit audited no dependency \(dependencies is empty\): it ran in an empty environment/);
  });

  it('govulncheck', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits of a parsed fixture
    const messages = splitJsonStream(audit('govulncheck.json')) as any[];
    const finding = messages.findIndex((m) => m.finding);
    messages[finding].finding.trace = [];
    expect(unavailable(messages.map((m) => JSON.stringify(m)).join('\n'))).toMatch(/^the govulncheck report is malformed: message \d+: finding GO-\d+-\d+ has an empty trace$/);
    messages[finding].finding = 'GO-2023-2402';
    expect(unavailable(messages.map((m) => JSON.stringify(m)).join('\n'))).toMatch(/^the govulncheck report is malformed: message \d+\.finding must be an object, found a string/);
  });

  it('bundler-audit', () => {
    expect(unavailable(edit('bundle-audit.json', (d) => delete d.results[1].gem.version))).toBe('the bundler-audit report is malformed: results[1].gem.version must be a string, found nothing');
    expect(unavailable(edit('bundle-audit.json', (d) => (d.results[2].type = 'unpatched')))).toBe('the bundler-audit report is malformed: results[2].type must be unpatched_gem or insecure_source, found "unpatched"');
  });

  it('composer audit, and a Composer that could not reach its advisory source', () => {
    expect(unavailable(edit('composer-audit.json', (d) => delete d.advisories['twig/twig'][0].advisoryId))).toBe(
      'the composer audit report is malformed: advisories["twig/twig"][0].advisoryId must be a string, found nothing',
    );
    expect(unavailable(edit('composer-audit.json', (d) => (d.advisories['twig/twig'] = [])))).toMatch(/advisories\["twig\/twig"\] is an empty list: Composer leaves out a package without advisories/);
    expect(unavailable(edit('composer-audit.json', (d) => (d.advisories['guzzlehttp/psr7'][0].severity = 'urgent')))).toMatch(/severity must be low, medium, high or critical, found "urgent"/);
    expect(unavailable(edit('composer-audit-clean.json', (d) => (d['unreachable-repositories'] = ['https://repo.packagist.org'])))).toBe(
      'the composer audit report is malformed: Composer could not reach https://repo.packagist.org: the advisories of the packages they serve were never checked',
    );
    // Composer's own ignore list is not the gate's allowlist: the advisory is still read, with the reason.
    const ignored = report(parseAuditText(edit('composer-audit.json', (d) => {
      d['ignored-advisories'] = { 'twig/twig': d.advisories['twig/twig'].map((a: object) => ({ ...a, ignoreReason: 'templates are ours' })) };
      delete d.advisories['twig/twig'];
    })));
    expect(ignored.vulnerabilities.map((v) => [v.package, v.note])).toEqual([
      ['guzzlehttp/psr7', undefined],
      ['twig/twig', "Ignored by Composer's audit configuration (templates are ours); the gate decides with its own allowlist"],
    ]);
  });
});

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function dependencies(r: Report) {
  const check = r.checks.find((c) => c.id === 'dependencies');
  const item = (r.checklist ?? []).find((i) => i.text === 'No known vulnerable packages');
  return { status: check?.status, notEvaluated: check?.notEvaluated ?? [], item: item?.status, found: summarise({ ...r, findings: r.findings.filter((f) => f.check === 'dependencies') }) };
}

const policy = (body = '') => `version: 1\nextends: []\nchecks:\n  dependencies:\n${body || '    fail-on-severity: high\n'}`;

/** A Flask recipe site pinned with requirements.txt: no package.json at all. */
const flaskApp = {
  'requirements.txt': '# pinned by pip-compile\nflask==3.0.0\njinja2==3.1.2  # via flask\nrequests==2.31.0\ngunicorn==22.0.0\n',
  'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n',
};

describe('ecosystems without a package.json', () => {
  it('a Python-only repository without an audit report is not evaluated, never passed; require-audit makes it fail', async () => {
    const blind = dependencies(await scanDir(makeRepo(flaskApp), { policy: policy() }));
    expect(blind).toEqual({
      status: 'not-evaluated',
      notEvaluated: ['no audit report for Python (requirements.txt): add a workflow step `pip-audit -r requirements.txt --disable-pip --no-deps -f json -o pip-audit.json || true` (or an osv-scanner report) before the gate and list the file in `checks.dependencies.reports`'],
      item: 'not-evaluated',
      found: [],
    });
    const strict = await scanDir(makeRepo(flaskApp), { policy: policy('    require-audit: true\n') });
    expect(dependencies(strict).found).toEqual(['dependencies/no-audit requirements.txt']);
    expect(strict.findings[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/^No audit report for Python \(requirements\.txt\): .*The policy requires an audit \(`require-audit`\)\.$/) });
  });

  it('pip-audit: advisories on the requirements line, with the fix; a clean report passes', async () => {
    const vulnerable = await scanDir(makeRepo({ ...flaskApp, 'pip-audit.json': audit('pip-audit.json') }), { policy: policy('    reports: [pip-audit.json]\n') });
    expect(dependencies(vulnerable)).toMatchObject({ status: 'fail', notEvaluated: [], item: 'fail', found: ['dependencies/vulnerable requirements.txt:3', 'dependencies/vulnerable requirements.txt:4'] });
    const jinja = vulnerable.findings[0];
    expect(jinja?.message).toBe('jinja2@3.1.2: The `xmlattr` filter in affected versions of Jinja accepts keys containing spaces. (high (assumed: the report gives no severity); GHSA-h5c8-rqwp-cp95, CVE-2024-22195). patched: >=3.1.3; fix: jinja2@3.1.3.');
    expect(jinja?.help).toContain('Require `jinja2>=3.1.3` where the project pins its dependencies (requirements.txt), and reinstall.');
    expect(jinja?.properties).toMatchObject({ ecosystem: 'PyPI', manager: 'pip' });

    const clean = await scanDir(makeRepo({ ...flaskApp, 'pip-audit.json': audit('pip-audit-clean.json') }), { policy: policy('    reports: [pip-audit.json]\n') });
    expect(dependencies(clean)).toEqual({ status: 'pass', notEvaluated: [], item: 'pass', found: [] });
  });

  it('pip-audit of another environment (no `-r`, the project never installed) is unavailable, never clean', async () => {
    const runner = '{"dependencies": [{"name": "pip", "version": "24.0", "vulns": []}, {"name": "setuptools", "version": "69.5.1", "vulns": []}], "fixes": []}';
    const bare = dependencies(await scanDir(makeRepo({ ...flaskApp, 'pip-audit.json': runner }), { policy: policy('    reports: [pip-audit.json]\n') }));
    expect(bare).toMatchObject({ status: 'fail', found: ['dependencies/audit-unavailable security-policy.yml:5'] });
    const tool = '{"dependencies": [{"name": "black", "version": "24.4.2", "vulns": []}, {"name": "click", "version": "8.1.7", "vulns": []}, {"name": "pip", "version": "24.0", "vulns": []}], "fixes": []}';
    const other = await scanDir(makeRepo({ ...flaskApp, 'pip-audit.json': tool }), { policy: policy('    reports: [pip-audit.json]\n') });
    expect(other.findings[0]?.message).toBe(
      'Dependency audit unavailable — pip-audit.json (pip-audit): none of the 2 packages pip-audit audited (black, click) is named in requirements.txt: it audited another environment than this project\'s; run `pip-audit -r requirements.txt -f json -o pip-audit.json`, or run pip-audit where the project is installed. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.',
    );
  });

  it('govulncheck: a called vulnerability fails on go.mod, one the code does not call is listed; the standard library points at the go line', async () => {
    const files = {
      'go.mod': 'module example.test/pantry\n\ngo 1.21.5\n\nrequire (\n\tgolang.org/x/crypto v0.14.0\n\tgolang.org/x/net v0.17.0\n)\n\nrequire golang.org/x/sys v0.13.0 // indirect\n',
      'go.sum': 'golang.org/x/crypto v0.14.0 h1:wBqGXzWJW6m1XrIKlAH0Hs1JJ7+9KBwnIO8v66Q9cHc=\ngolang.org/x/net v0.17.0 h1:pVaXccu2ozPjCXewfr1S7xoGZBHn/pw8jTLOcBwfVNU=\n',
      'cmd/pantry/main.go': 'package main\n\nfunc main() {}\n',
      'govulncheck.json': audit('govulncheck.json'),
    };
    const r = await scanDir(makeRepo(files), { policy: policy('    reports: [govulncheck.json]\n') });
    expect(dependencies(r).found).toEqual(['dependencies/vulnerable go.mod:3', 'dependencies/vulnerable go.mod:6', 'dependencies/below-threshold go.mod:7']);
    expect(r.findings[2]?.message).toContain('govulncheck: package imported, vulnerable code not called. The code does not reach it: listed, not failing.');
    expect(r.findings[1]?.properties).toMatchObject({ fix: { command: 'go get golang.org/x/crypto@v0.17.0 && go mod tidy' }, reachable: true });
    expect(r.findings[1]?.message).toContain('govulncheck: called from internal/backup/sftp.go:42 (Upload).');
    expect(r.findings[0]?.help).toContain('Build with Go 1.21.9 or later');
  });

  it('bundler-audit on a Rails app: criticality decides, an unknown one fails, an insecure gem source fails on its Gemfile line', async () => {
    const files = {
      Gemfile: 'source "http://gems.kitchen-tools.test/"\n\ngem "rails", "~> 7.0.8"\ngem "rack", "~> 2.2"\n',
      'Gemfile.lock': 'GEM\n  remote: http://gems.kitchen-tools.test/\n  specs:\n    actionpack (7.0.8)\n      rack (~> 2.0, >= 2.2.4)\n    rack (2.2.8)\n    rails (7.0.8)\n      actionpack (= 7.0.8)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack (~> 2.2)\n  rails (~> 7.0.8)\n',
      'bundle-audit.json': audit('bundle-audit.json'),
    };
    const r = await scanDir(makeRepo(files), { policy: policy('    reports: [bundle-audit.json]\n') });
    expect(dependencies(r).found).toEqual(['dependencies/vulnerable Gemfile:1', 'dependencies/below-threshold Gemfile:4', 'dependencies/vulnerable Gemfile.lock:4']);
    expect(r.findings[2]?.properties).toMatchObject({ fix: { command: 'bundle update --conservative actionpack' }, direct: false });
    expect(r.findings[0]?.help).toContain('Fetch gems over HTTPS');
  });

  it('composer audit in a Laravel app with npm too: versions from composer.lock; the PHP report does not cover the npm lockfile', async () => {
    const files = {
      'composer.json': json({ name: 'kitchen/pantry', require: { php: '^8.2', 'laravel/framework': '^10.48', 'guzzlehttp/guzzle': '^7.8', 'twig/twig': '^3.8' } }),
      'composer.lock': json({ packages: [{ name: 'guzzlehttp/psr7', version: '2.4.4' }, { name: 'twig/twig', version: 'v3.8.0' }], 'packages-dev': [] }),
      'package.json': json({ name: 'pantry-assets', private: true, devDependencies: { vite: '5.4.11' } }),
      'package-lock.json': json({ name: 'pantry-assets', lockfileVersion: 3, requires: true, packages: { '': { name: 'pantry-assets', devDependencies: { vite: '5.4.11' } }, 'node_modules/vite': { version: '5.4.11', dev: true } } }),
      'composer-audit.json': audit('composer-audit.json'),
    };
    const r = await scanDir(makeRepo(files), { policy: policy('    reports: [composer-audit.json]\n') });
    const d = dependencies(r);
    expect(d.found).toEqual(['dependencies/vulnerable composer.json:7', 'dependencies/below-threshold composer.lock:4']);
    expect(r.findings.find((f) => f.properties?.package === 'twig/twig')?.properties).toMatchObject({ versions: ['3.8.0'], direct: true });
    expect(d.notEvaluated).toEqual([
      'no dependency audit was given for npm (package-lock.json): add a workflow step `npm audit --json > npm-audit.json || true` before the gate and list the file in `checks.dependencies.reports`, or set `run: true`',
    ]);
    expect(d.status).toBe('fail');
  });

  it('several Python projects: a report at the root audits none of them until `project:` says which', async () => {
    const files = {
      'api/requirements.txt': 'fastapi==0.115.6\njinja2==3.1.2\n',
      'worker/requirements.txt': 'celery==5.4.0\nrequests==2.31.0\n',
      'pip-audit.json': audit('pip-audit.json'),
    };
    const untied = dependencies(await scanDir(makeRepo(files), { policy: policy('    reports: [pip-audit.json]\n') }));
    expect(untied.notEvaluated).toEqual([
      'no audit report for Python (api/requirements.txt, worker/requirements.txt) (a report of this ecosystem is there, but there are several projects and the report names none: give it `project:`): add a workflow step `(cd api && pip-audit -r requirements.txt --disable-pip --no-deps -f json -o pip-audit.json || true)` and `(cd worker && pip-audit -r requirements.txt --disable-pip --no-deps -f json -o pip-audit.json || true)` (or an osv-scanner report) before the gate and list the files in `checks.dependencies.reports`',
    ]);
    const tied = dependencies(await scanDir(makeRepo(files), { policy: policy('    reports:\n      - {path: pip-audit.json, project: worker}\n') }));
    expect(tied.notEvaluated).toEqual([expect.stringMatching(/^no audit report for Python \(api\/requirements\.txt\):/)]);
    // The report names jinja2, which worker/requirements.txt does not list: the finding sits on the file.
    expect(tied.found).toEqual(['dependencies/vulnerable worker/requirements.txt', 'dependencies/vulnerable worker/requirements.txt:2']);
  });

  it('the step the reason proposes follows the package manager; require-pinned says what it did not read', async () => {
    const files = {
      'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi>=0.115"]\n',
      'api/poetry.lock': '# This file is automatically @generated by Poetry 1.8.4 and should not be changed by hand.\n',
      'worker/Pipfile': '[packages]\ncelery = "*"\n',
      'worker/Pipfile.lock': '{"_meta": {}, "default": {}}',
      'package.json': json({ name: 'site', private: true, dependencies: { next: '15.1.3' } }),
      'package-lock.json': json({ name: 'site', lockfileVersion: 3, requires: true, packages: { '': { name: 'site', dependencies: { next: '15.1.3' } }, 'node_modules/next': { version: '15.1.3' } } }),
    };
    const r = dependencies(await scanDir(makeRepo(files), { policy: policy('    require-pinned: true\n') }));
    expect(r.notEvaluated).toEqual([
      'require-pinned reads package.json only: the versions declared in api/pyproject.toml, worker/Pipfile are not checked',
      expect.stringMatching(/^no dependency audit was given for npm \(package-lock\.json\)/),
      'no audit report for Python (api/poetry.lock, worker/Pipfile.lock): add a workflow step `(cd api && poetry export -f requirements.txt -o requirements.audit.txt && pip-audit -r requirements.audit.txt --disable-pip -f json -o pip-audit.json || true)` and `(cd worker && pipenv requirements --hash > requirements.audit.txt && pip-audit -r requirements.audit.txt --disable-pip -f json -o pip-audit.json || true)` (or an osv-scanner report) before the gate and list the files in `checks.dependencies.reports`',
    ]);
    expect(r.item).toBe('not-evaluated');
  });

  it('a Cargo workspace is one project with one osv-scanner step; examples, fixtures and vendored code are no projects', async () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'Cargo.lock': 'version = 3\n',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n',
      'crates/cli/Cargo.toml': '[package]\nname = "cli"\n',
      'tests/Plugin/Fixtures/TestPlugin/composer.json': '{"require": {"php": "^8.1"}}',
      'examples/flask-demo/requirements.txt': 'flask==3.0.0\n',
      'vendor/github.com/x/y/go.mod': 'module github.com/x/y\n',
      'extra/push-examples/node/package.json': json({ name: 'push-example', dependencies: { axios: '^1.7.9' } }),
    };
    const r = dependencies(await scanDir(makeRepo(files), { policy: policy() }));
    expect(r).toMatchObject({
      status: 'not-evaluated',
      notEvaluated: ['no audit report for Rust (Cargo.lock): add a workflow step `osv-scanner scan source -r --format json . > osv.json || true` before the gate and list the file in `checks.dependencies.reports`'],
    });
  });

  it('a repository with no dependencies of any kind says so instead of passing', async () => {
    const r = dependencies(await scanDir(makeRepo({ 'README.md': '# notes\n', 'notes/setup.md': 'nothing to install\n', 'examples/hello/package.json': json({ name: 'hello', dependencies: { express: '^4.21.2' } }) }), { policy: policy() }));
    expect(r).toMatchObject({ status: 'not-evaluated', notEvaluated: ['no package.json, lockfile or manifest of another ecosystem (Python, Go, Ruby, PHP, Rust) was found: there are no dependencies to check'] });
  });
});
