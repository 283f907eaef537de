import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { parseThreads } from '../src/core/pass.js';
import { bundleDir } from './helpers/bundle.js';
import { makeDir, type FileSpec } from './helpers/repo.js';
import { secretSamples } from './helpers/secret-samples.js';
import { autoThreads } from '../src/core/pass.js';

// Worker threads run the bundle (a worker is the same file as the CLI), so these tests run the one built
// for the test run (helpers/bundle.ts) and compare its reports with one thread and with several.
let cli: string;
beforeAll(() => {
  cli = join(bundleDir(), 'cli.js');
}, 200_000);

/** A repository whose files exercise every check that runs file tasks: secrets, env reads and cookies. */
function repository(): string {
  const files: Record<string, FileSpec> = {
    'security-policy.yml': 'version: 1\nlimits:\n  max-file-size: 1MB\n',
    // What the pass skips and counts, in whichever thread reads it.
    'assets/big.txt': 'x'.repeat(2 * 1024 * 1024),
    'assets/blob.dat2': Buffer.from([0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]),
    'docs/latin1.txt': Buffer.from('caf\xe9 password = "Zx81-Qq7-Lm2-Rt5-Wv9"\n', 'latin1'),
    'src/link.ts': { symlink: '../../outside.ts' },
    '.gitignore': '.env\n.env.local\n',
    '.env.example': 'DATABASE_URL=\nLISTED_ONLY=\n',
    'package.json': JSON.stringify({ name: 'app', scripts: { test: 'vitest run' }, dependencies: { express: '4.19.2', 'express-session': '1.18.0' } }),
    'src/session.js': "import session from 'express-session';\napp.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } }));\n",
    'src/login.ts': "export function login(res) {\n  res.cookie('session_id', token(), { httpOnly: false });\n}\n",
    'services/api/settings.py': 'import os\nSESSION_COOKIE_SECURE = False\nINSTALLED_APPS = ["django.contrib.sessions"]\nDB = os.environ["API_DB_URL"]\n',
    'test/app.test.ts': "import { it } from 'vitest';\nit('works', () => {});\n",
  };
  // Enough files that the work spreads over every thread, in many batches.
  for (let i = 0; i < 400; i++) files[`src/modules/m${String(i).padStart(3, '0')}.ts`] = `export const v${i} = process.env.FEATURE_${i % 37} ?? 'off';\n// ${'filler text '.repeat(40)}\n`;
  for (const [i, sample] of secretSamples(11).entries()) files[`fixtures/${String(i).padStart(2, '0')}-${sample.path.replace(/\//g, '_')}`] = sample.text;
  return makeDir(files);
}

function scanJson(root: string, threads: string): Report {
  const out = join(root, '..', `${root.split('/').pop()}-${threads}.json`);
  const run = spawnSync(process.execPath, [cli, 'scan', root, '-f', 'json', '-o', out, '--threads', threads], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(1);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

describe('worker threads', () => {
  it('find exactly what one thread finds, in the same order, with the same stats', () => {
    const root = repository();
    const one = scanJson(root, '1');
    const three = scanJson(root, '3');
    expect(one.stats.threads).toBe(1);
    expect(three.stats.threads).toBe(3);

    const byCheck = (r: Report) => Object.fromEntries(['secrets', 'env', 'cookies'].map((c) => [c, r.findings.filter((f) => f.check === c).length]));
    // Every check with a file task found something, so the comparison means something.
    expect(byCheck(one).secrets).toBeGreaterThanOrEqual(50);
    expect(byCheck(one).env).toBeGreaterThan(0);
    expect(byCheck(one).cookies).toBeGreaterThan(0);
    expect(byCheck(three)).toEqual(byCheck(one));

    const strip = (r: Report) => ({ findings: r.findings, suppressed: r.suppressed, stats: { ...r.stats, durationMs: 0, threads: 0 } });
    expect(strip(three)).toEqual(strip(one));
    expect(one.stats.skipped).toMatchObject({ tooLarge: 1, binary: 1, symlink: 1 });
    expect(one.stats.nonUtf8).toBe(1);
  }, 60_000);

  it('find the same with the policy\'s own patterns, including one that runs over budget and stops', () => {
    const lower = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let seed = 7;
    const chars = (n: number) => Array.from({ length: n }, () => lower[(seed = (seed * 48271) % 2147483647) % lower.length]).join('');
    const files: Record<string, string> = {
      'security-policy.yml': [
        'version: 1',
        'checks:',
        '  secrets:',
        '    time-budget: 200',
        '    patterns:',
        '      - id: acme-token',
        '        title: Acme token',
        '        regex: "\\\\bacme_(?<secret>(?:[a-z]|[a-z0-9]){20,})$"',
        '        keywords: [acme_]',
        '      - id: zeta-key',
        '        title: Zeta key',
        '        regex: "\\\\bzeta_[a-z0-9]{24}\\\\b"',
        '        keywords: [zeta_]',
        '  cookies:',
        '    time-budget: 200',
        '    session-names: ["(a|aa)+$", "^sid$"]',
        '',
      ].join('\n'),
      // Found before the slow pattern stops (in path order), so it is reported with one thread or several.
      '0-early/client.ts': `export const token = acme_${chars(32)}\n`,
    };
    // The acme pattern backtracks on these: three are reported, then it stops (in the thread that ran them).
    for (let i = 0; i < 5; i++) files[`1-slow/s${i}.ts`] = `const example = "acme_${'q'.repeat(48)}"; // docs\n`;
    // 2 more slow files, 43 tokens, and the policy, which spells the keyword: 46 files it did not run on.
    // Spread over every thread: threads that never saw the slow files still run the acme pattern, and
    // what they find must be dropped, as one thread never runs it there.
    for (let i = 0; i < 300; i++) {
      const token = i % 7 === 0 ? `export const token = acme_${chars(32)}\n` : '';
      const key = i % 5 === 0 ? `export const key = "zeta_${chars(24)}";\n` : '';
      // Cookie names are judged in the main thread: a slow name in a few files, a session cookie in others.
      const cookie = i % 60 === 1 ? `export const set = (res) => res.cookie('${'a'.repeat(50 + i / 60)}b', 'x', { secure: false });\n` : i % 10 === 3 ? "export const set = (res) => res.cookie('sid', 'x', { secure: false });\n" : '';
      files[`src/m${String(i).padStart(3, '0')}.ts`] = `${token}${key}${cookie}// ${'filler text '.repeat(40)}\n`;
    }
    const root = makeDir(files);
    const one = scanJson(root, '1');
    const three = scanJson(root, '3');
    expect(three.stats.threads).toBe(3);
    const rules = (r: Report) => r.findings.map((f) => f.ruleId);
    expect(rules(one).filter((id) => id === 'secrets/zeta-key')).toHaveLength(60);
    expect(rules(one).filter((id) => id === 'secrets/acme-token')).toEqual(['secrets/acme-token']);
    expect(one.findings.filter((f) => f.ruleId === 'secrets/pattern-timeout').map((f) => f.location?.path).sort()).toEqual(['1-slow/s0.ts', '1-slow/s1.ts', '1-slow/s2.ts', 'security-policy.yml']);
    expect(one.findings.find((f) => f.ruleId === 'secrets/pattern-timeout' && f.location?.path === 'security-policy.yml')?.message).toContain('not run on 46 more files');
    expect(rules(one).filter((id) => id === 'cookies/pattern-timeout')).toHaveLength(4);
    expect(rules(one).filter((id) => id === 'cookies/not-secure')).toHaveLength(30);
    const strip = (r: Report) => ({ findings: r.findings, suppressed: r.suppressed, stats: { ...r.stats, durationMs: 0, threads: 0 } });
    expect(strip(three)).toEqual(strip(one));
  }, 60_000);

  it('a worker that runs out of memory on a huge file is replaced, and the main thread scans its batch', () => {
    const files: Record<string, string> = {
      '.env.example': 'API_URL=\n',
      'package.json': JSON.stringify({ name: 'app', dependencies: { express: '4.19.2' } }),
      // 9 MB of cookie setters: tokenising it needs more than a worker's heap.
      'public/huge.js': 'r.cookie("sid", v, { secure: false });\n'.repeat(240_000),
    };
    for (let i = 0; i < 300; i++) files[`src/m${String(i).padStart(3, '0')}.ts`] = `export const m${i} = process.env.API_URL;\n`;
    files['src/zz.ts'] = `export const t = process.env.UNLISTED_TOKEN;\n`;
    const root = makeDir(files);
    const one = scanJson(root, '1');
    const out = join(root, '..', `${root.split('/').pop()}-2.json`);
    const run = spawnSync(process.execPath, [cli, 'scan', root, '-f', 'json', '-o', out, '--threads', '2'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/a worker thread failed \(.*\); its files are scanned in the main thread instead/);
    const two = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(two.stats.threads).toBe(2);
    expect(two.findings.some((f) => f.ruleId === 'env/missing-in-example')).toBe(true);
    expect(two.findings).toEqual(one.findings);
  }, 120_000);

  it('are not started for a small scan unless asked', () => {
    const root = makeDir({ 'a.ts': 'export const a = process.env.A;\n' });
    const out = join(root, 'report.json');
    const run = spawnSync(process.execPath, [cli, 'scan', root, '-f', 'json', '-o', out], { encoding: 'utf8' });
    expect([0, 1], run.stderr).toContain(run.status);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).stats.threads).toBe(1);
  }, 30_000);

  it('--threads takes auto or a whole number from 1 to 64', () => {
    expect(parseThreads('auto')).toBeUndefined();
    expect(parseThreads(' 2 ')).toBe(2);
    for (const bad of ['0', '65', '1.5', '-1', 'two']) expect(parseThreads(bad)).toBe('invalid');
    const run = spawnSync(process.execPath, [cli, 'scan', '.', '--threads', '0'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--threads must be auto or a whole number from 1 to 64, not "0"');
  }, 30_000);
});

describe('threads: auto', () => {
  it('uses workers only where they pay: never on one core, far later on two cores than on four', () => {
    const mb = 1024 * 1024;
    expect(autoThreads(10 * 1024 * mb, 1)).toBe(1);
    // 2 cores: a 63 MB tree was 1.22× slower with threads, a 1 GB tree 1.28× faster.
    expect(autoThreads(63 * mb, 2)).toBe(1);
    expect(autoThreads(1024 * mb, 2)).toBe(2);
    expect(autoThreads(63 * mb, 4)).toBe(4);
    expect(autoThreads(16 * mb, 8)).toBe(1);
    expect(autoThreads(64 * mb, 8)).toBe(4);
  });
});
