import { describe, expect, it } from 'vitest';
import { commit, git, makeRepo, scanDir, summarise } from './helpers/repo.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  env: {}\n  cookies: {}\n';

/** A repository with 60 untouched modules, one old undocumented read and one old weak cookie. */
function repo(): { root: string; base: string } {
  const files: Record<string, string> = {
    '.gitignore': '.env\n.env.local\n',
    '.env.example': 'DATABASE_URL=\nLEGACY_FLAG=\n',
    'package.json': '{"name":"app","dependencies":{"express":"4.21.2","express-session":"1.18.1"}}\n',
    'src/db.ts': 'export const url = process.env.DATABASE_URL;\n',
    'src/old.ts': 'export const region = process.env.OLD_REGION;\n',
    'src/old-session.ts': "import session from 'express-session';\nexport const s = session({ secret: process.env.DATABASE_URL!, cookie: { secure: false, httpOnly: true, sameSite: 'lax' } });\n",
  };
  for (let i = 0; i < 60; i++) files[`src/modules/m${i}.ts`] = `export const m${i} = ${i};\n`;
  const root = makeRepo(files);
  return { root, base: git(root, 'rev-parse', 'HEAD').trim() };
}

describe('pull requests read what they change', () => {
  it('env and cookies report what the pull request brings, and read only its files', async () => {
    const { root, base } = repo();
    git(root, 'checkout', '-q', '-b', 'feature');
    const head = commit(root, {
      'src/feature.ts': 'export const key = process.env.NEW_PAYMENTS_KEY;\n',
      'src/session.ts': "import session from 'express-session';\nexport const s = session({ secret: process.env.DATABASE_URL!, cookie: { secure: true, httpOnly: false, sameSite: 'lax' } });\n",
    });
    const full = await scanDir(root, { policy: POLICY });
    expect(summarise(full)).toEqual([
      'env/unused-in-example .env.example:2',
      'env/missing-in-example src/feature.ts:1',
      'cookies/not-secure src/old-session.ts:2',
      'env/missing-in-example src/old.ts:1',
      'cookies/not-http-only src/session.ts:2',
    ]);
    const pr = await scanDir(root, { policy: POLICY, scope: { kind: 'pr', base, head } });
    expect(summarise(pr)).toEqual(['env/missing-in-example src/feature.ts:1', 'cookies/not-http-only src/session.ts:2']);
    // The 60 untouched modules and the old files are listed but not read: .gitignore, the example and the two changed files are.
    expect(full.stats.scanned).toBeGreaterThan(60);
    expect(pr.stats.scanned).toBeLessThanOrEqual(5);
  });

  it('uncommitted work counts as changed for a local --base scan; an unknown base falls back to reading everything', async () => {
    const { root, base } = repo();
    commit(root, { 'README.md': '# app\n' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${root}/src/draft.ts`, 'export const t = process.env.DRAFT_TOKEN;\n');
    const local = await scanDir(root, { policy: POLICY, scope: { kind: 'pr', base, head: 'HEAD' } });
    expect(summarise(local)).toEqual(['env/missing-in-example src/draft.ts:1']);
    const unknown = await scanDir(root, { policy: POLICY, scope: { kind: 'pr', base: '0'.repeat(40), head: 'HEAD' } });
    expect(summarise(unknown)).toContain('env/missing-in-example src/old.ts:1');
  });

  it('tests: a pull request reads the test files it changes, and only as many others as prove a suite exists', async () => {
    const TESTS = 'version: 1\nextends: []\nchecks:\n  tests:\n    min-files: 2\n';
    const files: Record<string, string> = {
      'package.json': '{"name":"app","scripts":{"test":"vitest run"}}\n',
      '.github/workflows/ci.yml': 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
      'tests/old-focus.test.ts': "import { it } from 'vitest';\nit.only('old focus', () => {});\n",
      'tools/go.mod': 'module example.com/tools\n',
      'tools/zz_test.go': 'package tools\nimport "testing"\nfunc TestTool(t *testing.T) {}\n',
    };
    for (let i = 0; i < 40; i++) files[`tests/t${String(i).padStart(2, '0')}.test.ts`] = `import { it } from 'vitest';\nit('case ${i}', () => {});\n`;
    const root = makeRepo(files);
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'feature');
    const head = commit(root, { 'tests/new.test.ts': "import { it } from 'vitest';\nit.only('new focus', () => {});\n" });

    const full = await scanDir(root, { policy: TESTS });
    expect(summarise(full)).toEqual(['tests/focused-or-skipped tests/new.test.ts:2', 'tests/focused-or-skipped tests/old-focus.test.ts:2']);
    const pr = await scanDir(root, { policy: TESTS, scope: { kind: 'pr', base, head } });
    // The focus mark the pull request adds; the suite is known to exist from a few files (the Go project's
    // only test file among them), not from all 43.
    expect(summarise(pr)).toEqual(['tests/focused-or-skipped tests/new.test.ts:2']);
    expect(full.stats.scanned).toBeGreaterThan(40);
    expect(pr.stats.scanned).toBeLessThanOrEqual(6);

    // Without enough tests, the pull request reads every candidate and reports what a full scan reports about
    // the suite (marks in files it does not change stay the full scan's).
    const few = makeRepo({ 'package.json': '{"name":"app","scripts":{"test":"vitest run"}}\n', 'tests/a.test.ts': "it.skip('x', () => {});\n" });
    const fewBase = git(few, 'rev-parse', 'HEAD').trim();
    git(few, 'checkout', '-q', '-b', 'feature');
    const fewHead = commit(few, { 'README.md': '# app\n' });
    const fewFull = summarise(await scanDir(few, { policy: TESTS })).filter((f) => f.startsWith('tests/') && !f.startsWith('tests/focused'));
    const fewPr = summarise(await scanDir(few, { policy: TESTS, scope: { kind: 'pr', base: fewBase, head: fewHead } })).filter((f) => f.startsWith('tests/') && !f.startsWith('tests/focused'));
    expect(fewFull.some((f) => f.startsWith('tests/too-few') || f.startsWith('tests/no-test-script'))).toBe(true);
    expect(fewPr).toEqual(fewFull);
  });

  it('headers: a pull request that touches nothing about headers reads only its files; one that does is judged whole', async () => {
    const HEADERS = 'version: 1\nextends: []\nchecks:\n  headers: {}\n';
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'api', dependencies: { express: '4.21.2', helmet: '8.0.0' } }),
      // helmet's defaults leave X-Frame-Options at SAMEORIGIN (weaker than DENY) and send no Permissions-Policy.
      'src/server/security.ts': "import helmet from 'helmet';\nexport const secure = (app) => app.use(helmet());\n",
    };
    for (let i = 0; i < 50; i++) files[`src/routes/r${String(i).padStart(2, '0')}.ts`] = `export const r${i} = () => 'route ${i}';\n`;
    const root = makeRepo(files);
    const base = git(root, 'rev-parse', 'HEAD').trim();
    const full = summarise(await scanDir(root, { policy: HEADERS }));
    expect(full.length).toBeGreaterThan(0);

    git(root, 'checkout', '-q', '-b', 'routes');
    const routes = commit(root, { 'src/routes/r00.ts': "export const r0 = () => 'changed';\n" });
    const quiet = await scanDir(root, { policy: HEADERS, scope: { kind: 'pr', base, head: routes } });
    expect(summarise(quiet)).toEqual([]);
    expect(quiet.checks.find((c) => c.id === 'headers')?.status).toBe('not-evaluated');
    expect(quiet.stats.scanned).toBeLessThanOrEqual(2);

    git(root, 'checkout', '-q', '-b', 'frame', base);
    const frame = commit(root, { 'src/routes/r01.ts': "export const r1 = (res) => res.setHeader('X-Frame-Options', 'ALLOWALL');\n" });
    const judged = summarise(await scanDir(root, { policy: HEADERS, scope: { kind: 'pr', base, head: frame } }));
    expect(judged).toEqual(summarise(await scanDir(root, { policy: HEADERS })));
    expect(judged).toContain('headers/weak-value src/routes/r01.ts:1');

    // Removing the line that sets a header, in a file that then names no header, is a change to the headers.
    git(root, 'checkout', '-q', '-b', 'unset', frame);
    const unset = commit(root, { 'src/routes/r01.ts': 'export const r1 = (res) => res.end();\n' });
    const unsetPr = summarise(await scanDir(root, { policy: HEADERS, scope: { kind: 'pr', base: frame, head: unset } }));
    expect(unsetPr).toEqual(summarise(await scanDir(root, { policy: HEADERS })));
    expect(unsetPr).toEqual(full);

    // react-helmet manages <head>, not response headers: a change to it is not a change to the headers.
    git(root, 'checkout', '-q', '-b', 'head-tags', base);
    const tags = commit(root, { 'src/routes/r02.tsx': "import { Helmet } from 'react-helmet-async';\nexport const R2 = () => <Helmet><title>r2</title></Helmet>;\n" });
    const tagsPr = await scanDir(root, { policy: HEADERS, scope: { kind: 'pr', base, head: tags } });
    expect(summarise(tagsPr)).toEqual([]);

    // Deleting the file that sets the headers is a change to the headers.
    git(root, 'checkout', '-q', '-b', 'drop', base);
    git(root, 'rm', '-q', 'src/server/security.ts');
    git(root, 'commit', '-q', '-m', 'drop helmet');
    const dropped = summarise(await scanDir(root, { policy: HEADERS, scope: { kind: 'pr', base, head: 'HEAD' } }));
    expect(dropped).toEqual(summarise(await scanDir(root, { policy: HEADERS })));
    expect(dropped.some((f) => f.startsWith('headers/missing'))).toBe(true);
  });

  it("rules: forbid looks at the changed files; a require any file may meet is looked for only until it is met", async () => {
    const RULES = [
      'version: 1',
      'extends: []',
      'checks:',
      '  rules: {}',
      'rules:',
      '  - id: no-eval',
      '    message: No eval.',
      '    files: "src/**/*.ts"',
      "    forbid: '\\beval\\('",
      '  - id: csrf-enabled',
      '    message: CSRF protection must be enabled.',
      '    files: "src/**/*.ts"',
      '    require: "csrf-csrf"',
      '    require-in: any',
      '',
    ].join('\n');
    const files: Record<string, string> = { 'src/a-csrf.ts': "import { doubleCsrf } from 'csrf-csrf';\n", 'src/legacy.ts': 'export const run = (s) => eval(s);\n' };
    for (let i = 0; i < 40; i++) files[`src/m${String(i).padStart(2, '0')}.ts`] = `export const m${i} = ${i};\n`;
    const root = makeRepo(files);
    const base = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', '-b', 'feature');
    const head = commit(root, { 'src/m05.ts': 'export const m5 = eval("5");\n' });

    expect(summarise(await scanDir(root, { policy: RULES }))).toEqual(['rules/no-eval src/legacy.ts:1', 'rules/no-eval src/m05.ts:1']);
    const pr = await scanDir(root, { policy: RULES, scope: { kind: 'pr', base, head } });
    expect(summarise(pr)).toEqual(['rules/no-eval src/m05.ts:1']);
    // The changed file, and src/a-csrf.ts, which meets the require first in path order.
    expect(pr.stats.scanned).toBe(2);

    // Nothing meets the require: every file is looked at, and the pull request reports it as a full scan does.
    git(root, 'rm', '-q', 'src/a-csrf.ts');
    git(root, 'commit', '-q', '-m', 'drop csrf');
    const dropped = await scanDir(root, { policy: RULES, scope: { kind: 'pr', base, head: 'HEAD' } });
    expect(summarise(dropped)).toEqual(['rules/csrf-enabled security-policy.yml:10', 'rules/no-eval src/m05.ts:1']);
  });
});
