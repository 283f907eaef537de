import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/checks/dependencies/run-audit.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo } from './monorepo.js';
import { fakeBin, projectOf } from './run-helpers.js';

const RUN_POLICY = 'version: 1\nextends: []\nchecks:\n  dependencies:\n    run: true\n    run-timeout: 90\n';

function npmHigh(): string {
  return makeRepo({ 'package.json': fixture('npm-high', 'package.json'), 'package-lock.json': fixture('npm-high', 'package-lock.json') });
}

describe('run: true with the real npm', () => {
  let server: Server;
  let registry: string;
  const requests: string[] = [];
  let status = 405;
  beforeAll(async () => {
    // A registry that refuses audits the way this machine's does: 405 to the bulk advisory request.
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { allow: 'GET,HEAD', 'content-length': '0' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const withRegistry = () => `${RUN_POLICY}    registry: ${registry}\n`;

  it('a registry answering 405 makes the audit unavailable and fails the gate', async () => {
    status = 405;
    requests.length = 0;
    const report = await scanDir(npmHigh(), { policy: withRegistry() });
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]?.message).toBe(
      `Dependency audit unavailable — npm audit --json --package-lock-only --ignore-scripts: the audit failed: 405 Method Not Allowed - POST ${registry}-/npm/v1/security/advisories/bulk. The registry, or a proxy in front of it, does not serve this audit endpoint (npm's retired endpoints answer 410; many mirrors have none): audit against a registry that serves \`/-/npm/v1/security/advisories/bulk\`, or use osv-scanner. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.`,
    );
    expect(requests).toContain('POST /-/npm/v1/security/advisories/bulk');
  }, 120_000);

  it('a retired endpoint answering 410 is unavailable too', async () => {
    status = 410;
    const report = await scanDir(npmHigh(), { policy: withRegistry() });
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.findings[0]?.message).toMatch(/the audit failed: 410 Gone - POST /);
  }, 120_000);

  it('the public default registry: an audit result or an unavailable audit, never a silent pass', async () => {
    // Here the registry answers 405 (and without a network the audit fails); where it works, qs 6.10.2 has a real advisory.
    const report = await scanDir(npmHigh(), { policy: RUN_POLICY });
    expect(report.verdict).toBe('fail');
    const rules = [...new Set(report.findings.map((f) => f.ruleId))];
    if (rules.includes('dependencies/audit-unavailable')) {
      expect(rules).toEqual(['dependencies/audit-unavailable']);
      expect(report.findings[0]?.message).toMatch(/^Dependency audit unavailable — npm audit --json --package-lock-only --ignore-scripts: (the audit failed|the report is not)/);
    } else {
      expect(report.findings.map((f) => `${(f.properties?.advisory as { id?: string } | undefined)?.id}|${String(f.properties?.package)}`)).toContain('GHSA-hrpp-h998-j3pp|qs');
    }
  }, 180_000);
});

describe('running package managers safely', () => {
  it('passes no-scripts settings and reads what the command prints like a report', async () => {
    const bin = fakeBin('npm', 'echo "{\\"error\\":{\\"code\\":\\"EFAKE\\",\\"summary\\":\\"ignore_scripts=$npm_config_ignore_scripts yarn_ignore_path=$YARN_IGNORE_PATH\\"}}"; exit 1');
    const root = makeRepo({ 'package-lock.json': '{}' });
    const { command, outcome } = await runAudit({ root, project: await projectOf(root, 'package-lock.json'), manager: 'npm', timeoutSeconds: 10, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(command).toBe('npm audit --json --package-lock-only --ignore-scripts');
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'the audit failed: EFAKE: ignore_scripts=true yarn_ignore_path=1' });
  });

  it('a missing binary, a timeout, and silence are unavailable', async () => {
    const root = makeRepo({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'yarn.lock': '# yarn lockfile v1\n' });
    const pnpm = await projectOf(root, 'pnpm-lock.yaml');
    const yarn = await projectOf(root, 'yarn.lock');
    const missing = await runAudit({ root, project: pnpm, manager: 'pnpm', timeoutSeconds: 10, env: { ...process.env, PATH: '/nonexistent' } });
    expect(missing.outcome).toEqual({ kind: 'unavailable', reason: '`pnpm` is not installed (or not on PATH), so `pnpm audit --json` could not run' });
    const slow = await runAudit({ root, project: yarn, manager: 'yarn-classic', timeoutSeconds: 1, env: { ...process.env, PATH: `${fakeBin('yarn', 'sleep 20')}:${process.env.PATH}` } });
    expect(slow.outcome).toEqual({ kind: 'unavailable', reason: '`yarn audit --json` did not finish within 1 s (run-timeout)' });
    const quiet = await runAudit({ root, project: yarn, manager: 'yarn-classic', timeoutSeconds: 10, env: { ...process.env, PATH: `${fakeBin('yarn', 'echo "error Something went wrong" >&2; exit 1')}:${process.env.PATH}` } });
    expect(quiet.outcome).toEqual({ kind: 'unavailable', reason: '`yarn audit --json` printed no report (exit code 1): error Something went wrong' });
  });

  it('Yarn Berry is never run: it would execute the release committed under .yarn/', async () => {
    const report = await scanDir(makeRepo(monorepo('yarn-berry')), { policy: RUN_POLICY });
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.findings[0]?.message).toMatch(/the gate does not run Yarn Berry itself: `yarn` executes the release and plugins committed under \.yarn\/ \(repository code\)/);
  });
});
