import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { scanDir, summarise } from './helpers/repo.js';

const EXAMPLE = 'examples/nextjs-app';

/** Every finding the bundled example app is expected to produce, as `rule path:line`. */
const EXPECTED = [
  'cookies/not-secure app/api/auth/[...nextauth]/route.ts:11',
  'files/sensitive-file infra/terraform.tfstate',
  'headers/missing next.config.ts:4',
  'headers/missing next.config.ts:4',
  'headers/missing next.config.ts:4',
  'headers/csp-unsafe next.config.ts:11',
  'tests/not-run-in-ci package.json:9',
  'tests/focused-or-skipped tests/tickets.test.ts:4',
];

describe('the bundled example (npm start)', () => {
  it('produces exactly the expected findings', async () => {
    const report = await scanDir(EXAMPLE);
    expect(report.policy.file).toBe('security-policy.yml');
    expect(summarise(report)).toEqual(EXPECTED);
    expect(report.verdict).toBe('fail');
  });

  it('npm start prints the failing report; it exits 0 because failing is the demonstration', () => {
    const run = spawnSync('npm', ['start', '--silent'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('infra/terraform.tfstate');
    expect(run.stdout).toMatch(/✖ FAIL/);
  });
});
