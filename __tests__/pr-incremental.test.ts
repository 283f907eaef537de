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
});
