import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanDir, summarise } from './helpers/repo.js';

const EXAMPLE = 'examples/nextjs-app';

/** Every finding the bundled example app is expected to produce, as `rule path:line`. */
const EXPECTED = [
  'env/expect .env.production:2', // RATE_LIMIT_ENABLED=false in production
  'env/not-ignored .gitignore:3', // .env.local would be committed
  'cookies/not-secure app/api/auth/[...nextauth]/route.ts:11', // secure: false on the NextAuth session cookie
  'files/sensitive-file infra/terraform.tfstate',
  'env/missing-in-example lib/env.ts:3', // REDIS_URL read but not in .env.example
  'secrets/sendgrid-api-key lib/mailer.ts:5', // a SendGrid key hard-coded as a fallback
  'headers/missing next.config.ts:4', // Strict-Transport-Security, Referrer-Policy and Permissions-Policy (headers())
  'headers/missing next.config.ts:4',
  'headers/missing next.config.ts:4',
  'headers/csp-unsafe next.config.ts:11', // script-src 'unsafe-inline'
  'tests/not-run-in-ci package.json:9', // no workflow runs `npm test`
  'dependencies/vulnerable package.json:12', // qs 6.10.2: GHSA-hrpp-h998-j3pp (high), from the recorded audit
  'env/expect security-policy.yml:15', // AUTH_REQUIRED missing from .env.production
  'env/expect security-policy.yml:16', // DEBUG missing from .env.production
  'tests/focused-or-skipped tests/tickets.test.ts:4', // it.only
];

describe('the bundled example (npm start)', () => {
  it('produces exactly the expected findings', async () => {
    const report = await scanDir(EXAMPLE);
    expect(report.policy.file).toBe('security-policy.yml');
    expect(summarise(report)).toEqual(EXPECTED);
    expect(report.verdict).toBe('fail');
  });

  it("audits its own lockfile: the lockfile and the audit are audit-ci's npm-high recording, unchanged", async () => {
    const fixture = '__tests__/fixtures/audit-ci/npm-high';
    expect(readFileSync(`${EXAMPLE}/package-lock.json`, 'utf8')).toBe(readFileSync(`${fixture}/package-lock.json`, 'utf8'));
    expect(readFileSync(`${EXAMPLE}/npm-audit.json`, 'utf8')).toBe(readFileSync(`${fixture}/npm7-output.json`, 'utf8'));
    // The manifest declares exactly what the lockfile locks, so the recorded audit is this project's.
    const lock = JSON.parse(readFileSync(`${EXAMPLE}/package-lock.json`, 'utf8')) as { packages: Record<string, { dependencies?: object }> };
    expect(JSON.parse(readFileSync(`${EXAMPLE}/package.json`, 'utf8')).dependencies).toEqual(lock.packages['']?.dependencies);
    const report = await scanDir(EXAMPLE);
    const vulnerable = report.findings.find((f) => f.ruleId === 'dependencies/vulnerable');
    expect(vulnerable?.message).toMatch(/^qs@6\.10\.2: qs vulnerable to Prototype Pollution \(high, CVSS 7\.5; GHSA-hrpp-h998-j3pp\)\..*fix: qs@6\.11\.2/);
    expect(report.findings.some((f) => f.ruleId.startsWith('dependencies/') && f !== vulnerable)).toBe(false);
  });

  it('npm start prints the failing report; it exits 0 because failing is the demonstration', () => {
    const run = spawnSync('npm', ['start', '--silent'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('infra/terraform.tfstate');
    expect(run.stdout).toContain('GHSA-hrpp-h998-j3pp');
    expect(run.stdout).toMatch(/✖ FAIL/);
  });
});
