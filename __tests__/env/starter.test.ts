import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { NEXTJS_REQUIRED } from '../../src/checks/env/starter.js';
import { starterPolicy } from '../../src/cli/init.js';
import { loadPolicyText } from '../../src/policy/load.js';
import { scanTree } from '../helpers/check-tester.js';
import { makeRepo, scanDir } from '../helpers/repo.js';

describe('security-gate init: the env section', () => {
  it('names the example and turns the production flags it finds into expectations', async () => {
    const root = makeRepo({
      'package.json': JSON.stringify({ dependencies: { next: '15.0.0' } }),
      '.gitignore': '.env\n.env*.local\n',
      '.env.example': 'DATABASE_URL=\nRATE_LIMIT_ENABLED=true\n',
      '.env.production': 'RATE_LIMIT_ENABLED=true\nDEBUG=false\nNEXT_PUBLIC_URL=https://example.org\n',
      'src/db.ts': 'export const url = process.env.DATABASE_URL;\nexport const limited = process.env.RATE_LIMIT_ENABLED === "true";\n',
    });
    const text = await starterPolicy(root);
    const policy = parse(text) as { checks?: { env?: unknown } };
    // Only what applies: the preset's requirements follow the app's dependencies by themselves.
    expect(policy.checks?.env).toEqual({
      example: '.env.example',
      'must-ignore': ['.env', '.env.local'],
      expect: { '.env.production': { RATE_LIMIT_ENABLED: 'true', DEBUG: 'false' } },
    });
    // And says why, for each key and for the preset's requirements.
    expect(text).toContain(
      [
        '  env:',
        '    # The nextjs preset requires in the example the variables of the services the app uses:',
        '    #   none of them yet',
        '    #   not DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL, REDIS_URL, SMTP_*: no package of theirs is a dependency (not evaluated until one is).',
        '    # The example env file of this repository: it must list every variable the code reads.',
        '    example: .env.example',
        '    # Local env files hold real values: git must ignore them.',
        '    must-ignore:',
      ].join('\n'),
    );
    // The starter is a valid policy, and the repository passes it.
    await loadPolicyText('security-policy.yml', text, { root, checks: CHECKS });
    const report = await scanDir(root, { policy: text, only: ['env'] });
    expect(report.findings.filter((f) => f.check === 'env')).toEqual([]);
  });

  it('monorepos get `nearest`; repositories without env files get no section', async () => {
    const mono = makeRepo({ 'apps/a/.env.example': 'A=\n', 'apps/b/.env.example': 'B=\n', 'package.json': '{}' });
    expect((parse(await starterPolicy(mono)) as { checks?: { env?: unknown } }).checks?.env).toEqual({ monorepo: 'nearest', 'must-ignore': ['.env', '.env.local'] });
    const lib = makeRepo({ 'package.json': JSON.stringify({ name: 'left-pad' }), 'index.js': 'module.exports = (s) => s;\n' });
    expect((parse(await starterPolicy(lib)) as { checks?: { env?: unknown } }).checks?.env).toBeUndefined();
  });
});

describe('the nextjs preset and init agree', () => {
  it('NEXTJS_REQUIRED is the preset’s list', () => {
    const preset = parse(readFileSync('presets/nextjs.yml', 'utf8')) as { checks: { env: { required: unknown[] } } };
    expect(preset.checks.env.required).toEqual(NEXTJS_REQUIRED);
  });

  it('a requirement applies when the app uses its service, and is otherwise not evaluated', async () => {
    const app = (deps: Record<string, string>, example: string) => ({
      'package.json': JSON.stringify({ name: 'blog', dependencies: { next: '15.1.3', ...deps } }, null, 2),
      '.gitignore': '.env\n.env*.local\n',
      '.env.example': example,
      'app/page.tsx': 'export default function Page() { return null; }\n',
    });
    const policy = 'version: 1\nextends: [recommended, nextjs]\nchecks:\n  headers:\n    enabled: false\n  tests:\n    enabled: false\n';
    // An HTTP Redis client and no NextAuth: REDIS_URL and NEXTAUTH_* do not apply.
    const upstash = await scanTree(app({ '@upstash/redis': '1.34.3' }, 'UPSTASH_REDIS_REST_URL=\n'), { policy, only: ['env'] });
    expect(upstash.findings.filter((f) => f.check === 'env')).toEqual([]);
    expect(upstash.checks.find((c) => c.id === 'env')?.notEvaluated).toEqual([
      'the policy requires `DATABASE_URL` in the example only when the app uses `@prisma/client` or `prisma` or `drizzle-orm` or `pg` or `postgres` or `mysql2` or `@neondatabase/serverless` or `@vercel/postgres` or `@planetscale/database` or `kysely` or `knex` or `typeorm` or `sequelize` or `mongoose` or `mongodb`, which no package.json declares',
      'the policy requires `NEXTAUTH_SECRET` in the example only when the app uses `next-auth`, which no package.json declares',
      'the policy requires `NEXTAUTH_URL` in the example only when the app uses `next-auth`, which no package.json declares',
      'the policy requires `REDIS_URL` in the example only when the app uses `ioredis` or `redis` or `@redis/client` or `bullmq`, which no package.json declares',
      'the policy requires variables matching `SMTP_*` in the example only when the app uses `nodemailer`, which no package.json declares',
    ]);
    // NextAuth and ioredis in use: their variables are required, on the policy's lines.
    const auth = await scanTree(app({ 'next-auth': '4.24.11', ioredis: '5.4.2' }, 'NEXTAUTH_URL=http://localhost:3000\n'), { policy, only: ['env'] });
    // Both on the policy's `extends`: their order is the fingerprints', so compared sorted.
    expect(auth.findings.filter((f) => f.check === 'env').map((f) => f.message).sort()).toEqual([
      'The policy requires `NEXTAUTH_SECRET`, but `.env.example` does not list it.',
      'The policy requires `REDIS_URL`, but `.env.example` does not list it.',
    ]);
  });
});
