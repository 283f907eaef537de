import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/checks/dependencies/run-audit.js';
import { makeRepo, scanDir, summarise } from '../helpers/repo.js';
import { fixture } from './helpers.js';
import { monorepo } from './monorepo.js';

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

  async function withRegistry<T>(fn: () => Promise<T>): Promise<T> {
    const before = process.env.npm_config_registry;
    process.env.npm_config_registry = registry;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.npm_config_registry;
      else process.env.npm_config_registry = before;
    }
  }

  it('a registry answering 405 makes the audit unavailable and fails the gate', async () => {
    status = 405;
    requests.length = 0;
    const report = await withRegistry(() => scanDir(npmHigh(), { policy: RUN_POLICY }));
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]?.message).toBe(
      `Dependency audit unavailable — npm audit --json --package-lock-only --ignore-scripts: the audit failed: 405 Method Not Allowed - POST ${registry}-/npm/v1/security/advisories/bulk. The registry, or a proxy in front of it, does not serve this audit endpoint (npm's retired endpoints answer 410; many mirrors have none): audit against a registry that serves \`/-/npm/v1/security/advisories/bulk\`, or use osv-scanner. Without an audit the gate cannot say the dependencies are free of known vulnerabilities, so this is never read as a pass.`,
    );
    expect(requests).toContain('POST /-/npm/v1/security/advisories/bulk');
  }, 120_000);

  it('a retired endpoint answering 410 is unavailable too', async () => {
    status = 410;
    const report = await withRegistry(() => scanDir(npmHigh(), { policy: RUN_POLICY }));
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.findings[0]?.message).toMatch(/the audit failed: 410 Gone - POST /);
  }, 120_000);

  it("this machine's configured registry: an audit result or an unavailable audit, never a silent pass", async () => {
    // Here the registry answers 405; where it works, qs 6.10.2 has a real advisory.
    const report = await scanDir(npmHigh(), { policy: RUN_POLICY });
    expect(report.verdict).toBe('fail');
    const rules = [...new Set(report.findings.map((f) => f.ruleId))];
    if (rules.includes('dependencies/audit-unavailable')) {
      expect(rules).toEqual(['dependencies/audit-unavailable']);
      expect(report.findings[0]?.message).toMatch(/^Dependency audit unavailable — npm audit --json --package-lock-only --ignore-scripts: (the audit failed|the report is not)/);
    } else {
      expect(report.findings.map((f) => f.identity)).toContain('GHSA-hrpp-h998-j3pp|qs');
    }
  }, 180_000);
});

describe('running package managers safely', () => {
  function fakeBin(name: string, script: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'security-gate-bin-'));
    writeFileSync(join(dir, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(dir, name), 0o755);
    return dir;
  }

  it('passes no-scripts settings and reads what the command prints like a report', async () => {
    const bin = fakeBin('npm', 'echo "{\\"error\\":{\\"code\\":\\"EFAKE\\",\\"summary\\":\\"args=$* ignore_scripts=$npm_config_ignore_scripts yarn_ignore_path=$YARN_IGNORE_PATH\\"}}"; exit 1');
    const { command, outcome } = await runAudit(makeRepo({ 'package-lock.json': '{}' }), '', 'npm', 10, { ...process.env, PATH: `${bin}:${process.env.PATH}` });
    expect(command).toBe('npm audit --json --package-lock-only --ignore-scripts');
    expect(outcome).toEqual({
      kind: 'unavailable',
      reason: 'the audit failed: EFAKE: args=audit --json --package-lock-only --ignore-scripts ignore_scripts=true yarn_ignore_path=1',
    });
  });

  it('a missing binary, a timeout, and silence are unavailable', async () => {
    const root = makeRepo({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const missing = await runAudit(root, '', 'pnpm', 10, { ...process.env, PATH: '/nonexistent' });
    expect(missing.outcome).toEqual({ kind: 'unavailable', reason: '`pnpm` is not installed (or not on PATH), so `pnpm audit --json` could not run' });
    const slow = await runAudit(root, '', 'yarn-classic', 1, { ...process.env, PATH: `${fakeBin('yarn', 'sleep 20')}:${process.env.PATH}` });
    expect(slow.outcome).toEqual({ kind: 'unavailable', reason: '`yarn audit --json` did not finish within 1 s (run-timeout)' });
    const quiet = await runAudit(root, '', 'yarn-classic', 10, { ...process.env, PATH: `${fakeBin('yarn', 'echo "error Something went wrong" >&2; exit 1')}:${process.env.PATH}` });
    expect(quiet.outcome).toEqual({ kind: 'unavailable', reason: '`yarn audit --json` printed no report (exit code 1): error Something went wrong' });
  });

  it('Yarn Berry is never run: it would execute the release committed under .yarn/', async () => {
    const report = await scanDir(makeRepo(monorepo('yarn-berry')), { policy: RUN_POLICY });
    expect(summarise(report)).toEqual(['dependencies/audit-unavailable security-policy.yml:5']);
    expect(report.findings[0]?.message).toMatch(/the gate does not run Yarn Berry itself: `yarn` executes the release and plugins committed under \.yarn\/ \(repository code\)/);
  });
});
