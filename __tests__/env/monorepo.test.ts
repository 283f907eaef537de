import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from '../helpers/check-tester.js';

/** A Turborepo: two apps with their own examples, shared packages without. */
const MONOREPO: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'packages/*'], devDependencies: { turbo: '2.0.0' } }),
  'turbo.json': JSON.stringify({ tasks: { build: { env: ['DATABASE_URL'] } } }),
  '.gitignore': ['node_modules', '/.env', '/.env.local', '.turbo', ''].join('\n'),
  'apps/web/package.json': JSON.stringify({ name: 'web', dependencies: { next: '15.0.0', '@acme/db': '*' } }),
  'apps/web/.env.example': ['NEXT_PUBLIC_API_URL=http://localhost:4000', 'NEXTAUTH_URL=http://localhost:3000', 'NEXTAUTH_SECRET=', 'DATABASE_URL=postgresql://postgres:postgres@localhost:5432/acme', ''].join('\n'),
  'apps/web/.env.local': ['NEXTAUTH_SECRET=dev-only-not-real', 'NEXT_PUBLIC_API_URL=http://localhost:4000', ''].join('\n'),
  'apps/web/src/app/page.tsx': 'export default async function Page() {\n  const res = await fetch(`${process.env.NEXT_PUBLIC_API_URL}/items`);\n  return <pre>{JSON.stringify(await res.json())}</pre>;\n}\n',
  'apps/web/src/lib/analytics.ts': 'export const key = process.env.NEXT_PUBLIC_POSTHOG_KEY;\nexport const admin = process.env.NEXT_PUBLIC_ADMIN_PASSWORD;\n',
  'apps/api/package.json': JSON.stringify({ name: 'api', dependencies: { express: '4.19.0', '@acme/db': '*' } }),
  'apps/api/.env.example': ['PORT=4000', 'JWT_SECRET=change-me', 'DATABASE_URL=postgresql://postgres:postgres@localhost:5432/acme', 'CORS_ORIGIN=http://localhost:3000', ''].join('\n'),
  'apps/api/src/server.ts': [
    "import express from 'express';",
    'const app = express();',
    "app.listen(Number(process.env.PORT ?? 4000));",
    'const secret = process.env.JWT_SECRET;',
    'const origin = process.env.CORS_ORIGIN;',
    'const ttl = process.env.JWT_TTL_SECONDS;',
    '',
  ].join('\n'),
  'packages/db/package.json': JSON.stringify({ name: '@acme/db' }),
  'packages/db/src/client.ts': "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });\n",
  'packages/ui/src/button.tsx': 'export const Button = () => null;\n',
};

describe('env check on a monorepo', () => {
  it('nearest (default): each app against its own example, shared packages against any example', async () => {
    const report = await scanTree(MONOREPO, { policy: 'version: 1\n', only: ['env'] });
    expect(summarise(report)).toEqual([
      'env/not-ignored .gitignore:2',
      'env/not-ignored .gitignore:2',
      'env/not-ignored .gitignore:3',
      'env/not-ignored .gitignore:3',
      'env/missing-in-example apps/api/src/server.ts:6',
      'env/committed-env-file apps/web/.env.local:1',
      'env/missing-in-example apps/web/src/lib/analytics.ts:1',
      'env/missing-in-example apps/web/src/lib/analytics.ts:2',
      'env/public-secret apps/web/src/lib/analytics.ts:2',
    ].sort(byPathThenLine));
    const messages = report.findings.map((f) => f.message);
    expect(messages).toContain('apps/web/.env would not be ignored by git: `/.env` (.gitignore:2) only ignores .env.');
    expect(messages).toContain('apps/web/.env.local would not be ignored by git: `/.env.local` (.gitignore:3) only ignores .env.local. It is already committed.');
    expect(messages).toContain('`JWT_TTL_SECONDS` is read here (process.env) but `apps/api/.env.example` does not list it.');
    // DB_POOL_MAX has a fallback (`?? 10`) and is no credential or address: optional, unless the policy says otherwise.
    expect(messages.some((m) => m.includes('DB_POOL_MAX'))).toBe(false);
    const strict = await scanTree(MONOREPO, { policy: 'version: 1\nchecks:\n  env:\n    with-default: require\n', only: ['env'] });
    expect(strict.findings.map((f) => f.message)).toContain('`DB_POOL_MAX` is read here (process.env) but neither `apps/api/.env.example` nor `apps/web/.env.example` lists it.');
    expect(messages).toContain(
      "apps/web/.env.local is committed with values (`NEXTAUTH_SECRET` and `NEXT_PUBLIC_API_URL`); `.local` env files hold one machine's settings and secrets and must stay out of git.",
    );
    // A variable listed in one app's example does not satisfy a read in the other app.
    expect(messages.some((m) => m.includes('`NEXTAUTH_URL`'))).toBe(false);
  });

  it('root: one example at the root covers every package', async () => {
    const files: Record<string, string> = {
      ...MONOREPO,
      '.gitignore': 'node_modules\n.env\n.env*.local\n',
      '.env.example': ['DATABASE_URL=postgresql://postgres:postgres@localhost:5432/acme', 'NEXT_PUBLIC_API_URL=http://localhost:4000', 'NEXT_PUBLIC_POSTHOG_KEY=phc_your_key', 'JWT_SECRET=', 'JWT_TTL_SECONDS=3600', 'CORS_ORIGIN=http://localhost:3000', 'DB_POOL_MAX=10', ''].join('\n'),
      'apps/web/src/lib/analytics.ts': 'export const key = process.env.NEXT_PUBLIC_POSTHOG_KEY;\n',
    };
    delete files['apps/web/.env.local'];
    const root = await scanTree(files, { policy: 'version: 1\nchecks:\n  env:\n    monorepo: root\n', only: ['env'] });
    expect(summarise(root)).toEqual([]);
    // Nearest holds each app to its own example, but a variable the root example lists is documented
    // for whoever deploys the repository: not a failure of the app's example.
    const nearest = await scanTree(files, { policy: 'version: 1\n', only: ['env'] });
    expect(summarise(nearest)).toEqual([]);
    // Listed nowhere: each mode names the example it judged against.
    const unlisted = { ...files, 'apps/api/src/server.ts': `${files['apps/api/src/server.ts']}const signing = process.env.WEBHOOK_SIGNING_SECRET;\n` };
    const byApp = await scanTree(unlisted, { policy: 'version: 1\n', only: ['env'] });
    expect(byApp.findings.map((f) => f.message)).toEqual(['`WEBHOOK_SIGNING_SECRET` is read here (process.env) but `apps/api/.env.example` does not list it.']);
    const byRoot = await scanTree(unlisted, { policy: 'version: 1\nchecks:\n  env:\n    monorepo: root\n', only: ['env'] });
    expect(byRoot.findings.map((f) => f.message)).toEqual(['`WEBHOOK_SIGNING_SECRET` is read here (process.env) but `.env.example` does not list it.']);
  });
});

function byPathThenLine(a: string, b: string): number {
  const [, pa = '', la = '0'] = /^\S+ (.*):(\d+)$/.exec(a) ?? [];
  const [, pb = '', lb = '0'] = /^\S+ (.*):(\d+)$/.exec(b) ?? [];
  return pa < pb ? -1 : pa > pb ? 1 : Number(la) - Number(lb) || (a < b ? -1 : a > b ? 1 : 0);
}
