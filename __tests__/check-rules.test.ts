import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/checks/index.js';
import { PolicyError, type PolicyProblem } from '../src/policy/errors.js';
import { loadPolicyText } from '../src/policy/load.js';
import { scanTree, summarise, VIRTUAL_ROOT } from './helpers/check-tester.js';

const RATE_LIMIT = [
  'version: 1',
  'extends: []',
  'rules:',
  '  - id: rate-limit-auth-routes',
  '    severity: error',
  '    message: Every auth route handler must go through the rate limiter.',
  '    files: "app/api/auth/**/route.ts"',
  '    require: "withRateLimit\\\\("',
  '    strip-comments: true',
  '',
].join('\n');

const route = (body: string) => `import { NextResponse } from 'next/server';\nimport { withRateLimit } from '@/lib/rate-limit';\n\n${body}\n`;

function app(extra: Record<string, string> = {}) {
  return {
    'app/api/auth/login/route.ts': route('export const POST = withRateLimit(async (req: Request) => NextResponse.json({ ok: true }));'),
    'app/api/auth/register/route.ts': route('export const POST = withRateLimit(async () => NextResponse.json({ ok: true }), { limit: 10 });'),
    'app/api/health/route.ts': route('export const GET = () => NextResponse.json({ ok: true });'),
    ...extra,
  };
}

async function problems(text: string): Promise<PolicyProblem[]> {
  try {
    await loadPolicyText('security-policy.yml', text, { root: VIRTUAL_ROOT, checks: CHECKS });
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('rules: require', () => {
  it('each matching file must contain the pattern; comments do not count when strip-comments is on', async () => {
    const root = app({
      'app/api/auth/reset/route.ts': route('// TODO: wrap in withRateLimit( once the limiter supports tokens\nexport const POST = async () => NextResponse.json({ ok: true });'),
      'app/api/auth/[...nextauth]/route.ts': route('/* withRateLimit( */ export { GET, POST } from "@/auth";'),
    });
    const report = await scanTree(root, { policy: RATE_LIMIT });
    expect(summarise(report)).toEqual(['rules/rate-limit-auth-routes app/api/auth/[...nextauth]/route.ts', 'rules/rate-limit-auth-routes app/api/auth/reset/route.ts']);
    expect(report.findings[1]?.message).toBe('Every auth route handler must go through the rate limiter. (app/api/auth/reset/route.ts has no match for /withRateLimit\\(/)');
    expect(report.verdict).toBe('fail');
    const loose = await scanTree(root, { policy: RATE_LIMIT.replace('    strip-comments: true\n', '') });
    expect(summarise(loose)).toEqual([]);
  });

  it('require-in: any is satisfied by one file, else reported on the rule in the policy', async () => {
    const policy = [
      'version: 1',
      'extends: []',
      'rules:',
      '  - id: csrf-enabled',
      '    message: CSRF protection must be enabled in the server setup.',
      '    files: ["src/**/*.ts", "!src/**/*.test.ts"]',
      '    require: "csurf|csrf-csrf|lusca\\\\.csrf"',
      '    require-in: any',
      '',
    ].join('\n');
    const without = { 'src/server.ts': "import express from 'express';\nconst app = express();\n", 'src/routes.ts': 'export const routes = [];\n', 'src/csrf.test.ts': "import 'csrf-csrf';\n" };
    const report = await scanTree(without, { policy });
    expect(summarise(report)).toEqual(['rules/csrf-enabled security-policy.yml:4']);
    expect(report.findings[0]?.message).toBe(
      'CSRF protection must be enabled in the server setup. (none of the 2 file(s) matching `src/**/*.ts, !src/**/*.test.ts` has a match for /csurf|csrf-csrf|lusca\\.csrf/)',
    );
    const withCsrf = { 'src/server.ts': "import { doubleCsrf } from 'csrf-csrf';\n", 'src/routes.ts': 'export const routes = [];\n' };
    expect(summarise(await scanTree(withCsrf, { policy }))).toEqual([]);
  });

  it('a rule whose files match nothing says so: a warning for require, a notice for forbid', async () => {
    const policy = `${RATE_LIMIT}  - id: no-eval\n    message: No eval.\n    files: "lib/**/*.js"\n    forbid: "\\\\beval\\\\("\n`;
    const report = await scanTree({ 'pages/api/login.ts': 'export default () => null;\n' }, { policy });
    expect(summarise(report)).toEqual(['rules/rate-limit-auth-routes security-policy.yml:4', 'rules/no-eval security-policy.yml:10']);
    expect(report.findings.map((f) => f.severity)).toEqual(['warning', 'notice']);
    expect(report.findings[0]?.message).toBe(
      'No file matches `files: app/api/auth/**/route.ts`, so this rule checks nothing (rule rate-limit-auth-routes, security-policy.yml:4). Check the globs.',
    );
  });
});

describe('rules: forbid', () => {
  const policy = [
    'version: 1',
    'extends: []',
    'rules:',
    '  - id: no-wildcard-cors',
    '    severity: warning',
    '    message: CORS must be restricted to the frontend origin.',
    '    help: Set `origin` to the frontend URL, e.g. `process.env.FRONTEND_URL`.',
    '    files: ["src/**/*.{js,ts}"]',
    '    forbid: "origin:\\\\s*[\'\\"]\\\\*[\'\\"]|Access-Control-Allow-Origin[\'\\"],\\\\s*[\'\\"]\\\\*"',
    '    ignore-case: true',
    '    strip-comments: true',
    '',
  ].join('\n');

  it('reports each match on its exact line and column, never in comments', async () => {
    const root = {
      'src/server.ts': [
        "import cors from 'cors';", // 1
        "// app.use(cors({ origin: '*' }));", // 2
        "app.use(cors({ origin: '*' }));", // 3
        'app.use((req, res, next) => {', // 4
        "  res.setHeader('access-control-allow-origin', '*'); next();", // 5
        '});', // 6
        "const other = { ORIGIN: \"*\" };", // 7
      ].join('\r\n'),
    };
    const report = await scanTree(root, { policy });
    expect(summarise(report)).toEqual(['rules/no-wildcard-cors src/server.ts:3', 'rules/no-wildcard-cors src/server.ts:5', 'rules/no-wildcard-cors src/server.ts:7']);
    expect(report.findings[0]).toMatchObject({
      severity: 'warning',
      message: 'CORS must be restricted to the frontend origin.',
      help: 'Set `origin` to the frontend URL, e.g. `process.env.FRONTEND_URL`.',
      location: { path: 'src/server.ts', line: 3, column: 16, endLine: 3, endColumn: 27 },
    });
    expect(report.verdict).toBe('pass');
  });

  it('fingerprints survive moved lines; inline suppressions and exceptions name rules/<id>', async () => {
    const a = await scanTree({ 'src/a.ts': "cors({ origin: '*' });\n" }, { policy });
    const b = await scanTree({ 'src/a.ts': "\n\nconst x = 1;\ncors({ origin: '*' });\n" }, { policy });
    expect(a.findings[0]?.fingerprint).toBe(b.findings[0]?.fingerprint);

    const suppressed = await scanTree(
      { 'src/a.ts': "// security-gate-ignore: rules/no-wildcard-cors -- public read-only API\ncors({ origin: '*' });\n", 'src/b.ts': "cors({ origin: '*' });\n" },
      { policy: `${policy}exceptions:\n  - rule: rules/no-wildcard-cors\n    path: src/b.ts\n    reason: webhook receiver\n    expires: 2099-01-01\n` },
    );
    expect(summarise(suppressed)).toEqual([]);
    expect(suppressed.suppressed.map((s) => s.suppression.kind)).toEqual(['inline', 'exception']);
  });

  it('never shows what a pattern matched', async () => {
    const secret = 'sk_live_51Hc9xQ2eZvKYlo2C0aBcDeFgHiJkLmN';
    const root = { 'src/pay.ts': `const stripe = new Stripe('${secret}');\n` };
    const report = await scanTree(root, {
      policy: "version: 1\nextends: []\nrules:\n  - id: no-live-keys\n    message: Live Stripe keys belong in the secrets manager.\n    files: src/**\n    forbid: \"sk_live_[0-9A-Za-z]+\"\n",
    });
    expect(summarise(report)).toEqual(['rules/no-live-keys src/pay.ts:1']);
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('caps the findings of one rule in one file', async () => {
    const root = { 'src/log.ts': 'console.log(1);\n'.repeat(60) };
    const report = await scanTree(root, { policy: 'version: 1\nextends: []\nrules:\n  - id: no-console\n    message: No console.log.\n    files: src/**\n    forbid: "console\\\\.log"\n' });
    expect(report.findings).toHaveLength(51);
    // The summary has no line, so it sorts first.
    expect(report.findings[0]?.message).toBe('No console.log. (more than 50 matches in this file; only the first 50 are reported)');
    expect(report.findings[50]?.location?.line).toBe(50);
  });
});

describe('rules: patterns that cannot be trusted', () => {
  it('patterns with nested quantifiers are refused when the policy loads, with line and column', async () => {
    const list = await problems('version: 1\nrules:\n  - id: bad\n    message: x\n    files: "**/*.ts"\n    forbid: "(\\\\w+\\\\s?)*$"\n');
    expect(list).toEqual([
      {
        file: 'security-policy.yml',
        line: 6,
        column: 13,
        key: 'rules[0].forbid',
        message: 'rules[0].forbid "(\\\\w+\\\\s?)*$" may backtrack catastrophically (a quantifier inside a quantified group, such as (a+)+); rewrite it without nested repetition',
      },
    ]);
    const [missing] = await problems('version: 1\nrules:\n  - id: bad\n    message: x\n    files: "**/*.ts"\n');
    expect(missing?.message).toBe('rules[0]: a rule needs `require` (a pattern every matching file must contain) or `forbid` (a pattern no file may contain)');
  });

  it('a pattern that still backtracks too long is stopped by the time budget and reported, never a hang', async () => {
    // `^(a|aa)+$` has star height one, so the load-time check lets it through, yet it is exponential.
    const policy = 'version: 1\nextends: []\nchecks:\n  rules:\n    time-budget: 100\nrules:\n  - id: slow\n    message: Slow.\n    files: "data/**"\n    forbid: "^(a|aa)+$"\n';
    const files: Record<string, string> = { 'data/ok.txt': 'short\n' };
    for (let i = 0; i < 5; i++) files[`data/f${i}.txt`] = `${'a'.repeat(60)}b\n`;
    const report = await scanTree(files, { policy });
    expect(summarise(report)).toEqual(['rules/slow data/f0.txt', 'rules/slow data/f1.txt', 'rules/slow data/f2.txt', 'rules/slow security-policy.yml:7']);
    expect(report.findings[0]?.message).toBe(
      'The pattern of rule slow ran longer than 100 ms on this file and was stopped: the file is not checked by this rule. Simplify the pattern (fewer adjacent quantifiers) or narrow `files`.',
    );
    expect(report.findings[3]?.message).toBe('Rule slow exceeded its time budget on 3 files and was not run on 3 more (rule slow, security-policy.yml:7).');
  });

  it('in a file where one pattern is slow, the other rules still report their matches', async () => {
    const policy = [
      'version: 1',
      'extends: []',
      'checks:',
      '  rules:',
      '    time-budget: 100',
      'rules:',
      '  - id: slow',
      '    message: Slow.',
      '    files: "data/**"',
      '    forbid: "^(a|aa)+$"',
      '  - id: marker',
      '    message: No TODO markers.',
      '    files: "data/**"',
      '    forbid: "TODO"',
      '',
    ].join('\n');
    const report = await scanTree({ 'data/f.txt': `TODO\n${'a'.repeat(60)}b\n` }, { policy });
    expect(summarise(report)).toEqual(['rules/slow data/f.txt', 'rules/marker data/f.txt:1']);
  });

  it('duplicate ids and require patterns that match everything stop the check with a clear error', async () => {
    const dup = await scanTree({ 'a.ts': 'x\n' }, {
      policy: 'version: 1\nextends: []\nrules:\n  - id: a\n    message: x\n    files: "*.ts"\n    forbid: x\n  - id: a\n    message: y\n    files: "*.ts"\n    forbid: y\n',
    });
    expect(dup.findings.map((f) => f.message)).toEqual(['The rules check could not run: two rules have the id "a"; rule ids must be unique']);
    const empty = await scanTree({ 'a.ts': 'x\n' }, { policy: 'version: 1\nextends: []\nrules:\n  - id: a\n    message: x\n    files: "*.ts"\n    require: "x*"\n' });
    expect(empty.findings.map((f) => f.message)).toEqual(['The rules check could not run: rule "a": the require pattern /x*/ matches the empty string, so every file satisfies it']);
  });
});

describe('rules: where they come from', () => {
  it('rules after those of an extended file are annotated on their own line', async () => {
    const root = {
      'base.yml': 'version: 1\nextends: []\nrules:\n  - id: no-console\n    message: No console.log.\n    files: "src/**"\n    forbid: "console\\\\.log"\n',
      'src/a.ts': 'export const a = 1;\n',
    };
    const report = await scanTree(root, { policy: `version: 1\nextends: [./base.yml]\n${RATE_LIMIT.split('\n').slice(2).join('\n')}` });
    expect(summarise(report)).toEqual(['rules/rate-limit-auth-routes security-policy.yml:4']);
  });

  it('a policy with rules runs them even without a rules section or preset', async () => {
    const loaded = await loadPolicyText('security-policy.yml', RATE_LIMIT, { root: VIRTUAL_ROOT, checks: CHECKS });
    expect(loaded.policy.checks).toEqual({ rules: {} });
    expect(loaded.policy.rules[0]).toMatchObject({ id: 'rate-limit-auth-routes', origin: { file: 'security-policy.yml', index: 0 } });
    const off = await scanTree(app({ 'app/api/auth/x/route.ts': 'nothing\n' }), { policy: `${RATE_LIMIT}checks:\n  rules:\n    enabled: false\n` });
    expect(summarise(off)).toEqual([]);
  });
});
