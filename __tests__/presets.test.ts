import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { starterPolicy } from '../src/cli/init.js';
import { commit, makeRepo, scanDir, summarise } from './helpers/repo.js';

/** A clean `npm audit --json` (npm 7+), as recorded by audit-ci's fixtures. */
const CLEAN_AUDIT = readFileSync('/work/shared/fixtures/audit-ci/npm-none/npm7-output.json', 'utf8');

/** The package-lock.json (v3) `npm install` writes for a package.json whose ranges are exact versions. */
function lockfileFor(pkgText: string): string {
  const pkg = JSON.parse(pkgText) as { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const packages: Record<string, unknown> = { '': { name: pkg.name, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies } };
  for (const [deps, dev] of [[pkg.dependencies, false], [pkg.devDependencies, true]] as const) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      const version = range.replace(/^[\^~]/, '');
      packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`, ...(dev ? { dev: true } : {}) };
    }
  }
  return `${JSON.stringify({ name: pkg.name, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

/** /work/shared/examples/security-policy.yml, less its baseline, allow entries and exceptions (which would be stale here). */
const SEED_POLICY = [
  'version: 1',
  'extends: [recommended, nextjs]',
  'fail-on: error',
  'ignore:',
  '  - "examples/**"',
  '  - "**/__fixtures__/**"',
  'checks:',
  '  env:',
  '    example: .env.example',
  '    required: [DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL, REDIS_URL, "SMTP_*", "RATE_LIMIT_*"]',
  '    must-ignore: [.env, .env.local]',
  '    expect:',
  '      .env.production:',
  '        RATE_LIMIT_ENABLED: "true"',
  '        AUTH_REQUIRED: "true"',
  '        DEBUG: "false"',
  '  dependencies:',
  '    reports: [npm-audit.json]',
  '    fail-on-severity: high',
  '  tests:',
  '    min-files: 10',
  '    required:',
  '      - tests/authorization-security.test.ts',
  '      - "tests/security/*.test.ts"',
  '  headers:',
  '    source: next.config.ts',
  '    required:',
  '      Content-Security-Policy: "default-src \'self\'"',
  '      Strict-Transport-Security: "max-age=31536000; includeSubDomains"',
  '      X-Frame-Options: DENY',
  '      X-Content-Type-Options: nosniff',
  '      Referrer-Policy: strict-origin-when-cross-origin',
  '      Permissions-Policy: "*"',
  'rules:',
  '  - id: rate-limit-auth-routes',
  '    severity: error',
  '    message: Every auth route handler must go through the rate limiter.',
  '    files: "app/api/auth/**/route.ts"',
  '    require: "withRateLimit\\\\("',
  '',
].join('\n');

const vitestFile = (name: string, body = "  it('holds', () => {\n    expect(true).toBe(true);\n  });") =>
  `import { describe, expect, it } from 'vitest';\n\ndescribe('${name}', () => {\n${body}\n});\n`;

/** A ticketing app in the shape of the first seed checklist's: Next.js app router, NextAuth, Prisma, Redis. */
function seedApp(): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      {
        name: 'tickets',
        private: true,
        scripts: { dev: 'next dev', build: 'next build', lint: 'next lint', typecheck: 'tsc --noEmit', test: 'vitest run', 'test:security': 'vitest run tests/security' },
        dependencies: { next: '15.1.4', 'next-auth': '5.0.0-beta.25', '@prisma/client': '6.2.1', ioredis: '5.4.2', zod: '3.24.1' },
        devDependencies: { vitest: '2.1.8', typescript: '5.7.3', prisma: '6.2.1' },
      },
      null,
      2,
    )}\n`,
    'next.config.ts': [
      "import type { NextConfig } from 'next';",
      '',
      "const isDev = process.env.NODE_ENV === 'development';",
      '',
      'const csp = [',
      "  \"default-src 'self'\",",
      "  `script-src 'self'${isDev ? \" 'unsafe-eval'\" : ''}`,",
      "  \"style-src 'self' 'unsafe-inline'\",",
      "  \"img-src 'self' data: blob:\",",
      "  \"frame-ancestors 'none'\",",
      "].join('; ');",
      '',
      'const securityHeaders = [',
      "  { key: 'Content-Security-Policy', value: csp },",
      "  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload' },",
      "  { key: 'X-Frame-Options', value: 'DENY' },",
      "  { key: 'X-Content-Type-Options', value: 'nosniff' },",
      "  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },",
      "  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },",
      '];',
      '',
      'const nextConfig: NextConfig = {',
      '  poweredByHeader: false,',
      '  async headers() {',
      "    return [{ source: '/:path*', headers: securityHeaders }];",
      '  },',
      '};',
      '',
      'export default nextConfig;',
      '',
    ].join('\n'),
    'auth.ts': [
      "import NextAuth from 'next-auth';",
      "import Credentials from 'next-auth/providers/credentials';",
      "import { PrismaAdapter } from '@auth/prisma-adapter';",
      "import { prisma } from '@/lib/prisma';",
      '',
      'export const { handlers, auth, signIn, signOut } = NextAuth({',
      '  adapter: PrismaAdapter(prisma),',
      '  providers: [Credentials({ authorize: async (credentials) => verify(credentials) })],',
      "  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },",
      '  cookies: {',
      '    sessionToken: {',
      "      name: '__Secure-authjs.session-token',",
      "      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true },",
      '    },',
      '  },',
      '});',
      '',
    ].join('\n'),
    'lib/rate-limit.ts': "import Redis from 'ioredis';\n\nconst redis = new Redis(process.env.REDIS_URL!);\nconst enabled = process.env.RATE_LIMIT_ENABLED === 'true';\nconst max = Number(process.env.RATE_LIMIT_MAX ?? 10);\n\nexport function withRateLimit<T>(handler: T, _opts = { limit: max, windowSeconds: 60 }): T {\n  void redis;\n  void enabled;\n  return handler;\n}\n",
    'lib/mailer.ts': "import nodemailer from 'nodemailer';\n\nexport const mailer = nodemailer.createTransport({\n  host: process.env.SMTP_HOST,\n  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },\n});\n",
    'app/api/auth/[...nextauth]/route.ts': "import { handlers } from '@/auth';\nimport { withRateLimit } from '@/lib/rate-limit';\n\nexport const GET = withRateLimit(handlers.GET);\nexport const POST = withRateLimit(handlers.POST, { limit: 10, windowSeconds: 60 });\n",
    'app/api/auth/register/route.ts': "import { withRateLimit } from '@/lib/rate-limit';\n\nexport const POST = withRateLimit(async (req: Request) => Response.json(await req.json()));\n",
    'app/api/tickets/route.ts': "import { auth } from '@/auth';\n\nexport async function GET() {\n  const session = await auth();\n  return Response.json({ user: session?.user?.id });\n}\n",
    'app/api/preferences/route.ts': "import { cookies } from 'next/headers';\n\nexport async function POST() {\n  (await cookies()).set('theme', 'dark', { path: '/' });\n  return new Response(null, { status: 204 });\n}\n",
    'app/page.tsx': "export default function Home() {\n  return <main>Tickets — don't forget to sign in</main>;\n}\n",
    '.github/workflows/ci.yml': [
      'name: CI',
      'on:',
      '  pull_request:',
      '  push:',
      '    branches: [main]',
      'jobs:',
      '  verify:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        task: [lint, typecheck, test]',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with: { node-version: 20, cache: npm }',
      '      - run: npm ci',
      '      - run: npm run ${{ matrix.task }}',
      '',
    ].join('\n'),
    '.env.example': [
      '# Copy to .env.local and fill in.',
      'DATABASE_URL=postgresql://user:password@localhost:5432/tickets',
      'NEXTAUTH_SECRET=',
      'NEXTAUTH_URL=http://localhost:3000',
      'REDIS_URL=redis://localhost:6379',
      'SMTP_HOST=',
      'SMTP_USER=',
      'SMTP_PASSWORD=',
      'RATE_LIMIT_ENABLED=true',
      'RATE_LIMIT_MAX=10',
      '',
    ].join('\n'),
    '.env.production': 'RATE_LIMIT_ENABLED=true\nAUTH_REQUIRED=true\nDEBUG=false\n',
    '.gitignore': 'node_modules/\n.next/\n.env\n.env*.local\nnpm-audit.json\n',
    'npm-audit.json': CLEAN_AUDIT,
    'README.md': '# Tickets\n\nNever commit `it.only` — the gate rejects it.\n',
    'tests/authorization-security.test.ts': vitestFile('authorization', "  it('denies cross-org ticket reads', () => {\n    expect(canRead({ org: 'a' }, { org: 'b' })).toBe(false);\n  });\n  it.skip('audits denied reads (needs log sink)', () => {});"),
    'tests/security/input-validation.test.ts': vitestFile('input validation', "  it('rejects titles over 200 chars', () => {\n    expect(() => ticketSchema.parse({ title: 'x'.repeat(201) })).toThrow();\n  });"),
    'tests/security/rate-limit.test.ts': vitestFile('rate limit'),
    'tests/security/headers.test.ts': vitestFile('headers'),
  };
  for (const name of ['tickets', 'comments', 'bulk', 'attachments', 'orgs', 'users', 'audit']) files[`tests/${name}.test.ts`] = vitestFile(name);
  files['package-lock.json'] = lockfileFor(files['package.json'] as string);
  // Fixtures that look like violations but are ignored by the policy.
  files['tests/__fixtures__/focused.test.ts'] = "it.only('fixture for the gate itself', () => {});\n";
  return files;
}

describe('the nextjs preset and the seed policy', () => {
  it('an app that meets the seed checklist passes every check of the example policy', async () => {
    const report = await scanDir(makeRepo(seedApp()), { policy: SEED_POLICY });
    expect(summarise(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(report.policy.chain).toEqual(['preset:recommended', 'preset:nextjs', 'security-policy.yml']);
    const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(statuses).toMatchObject({ secrets: 'pass', env: 'pass', dependencies: 'pass', tests: 'pass', rules: 'pass', headers: 'pass', cookies: 'pass', files: 'pass' });
  });

  it('each regression of the checklist fails it, on its line', async () => {
    const root = makeRepo(seedApp());
    commit(root, {
      'app/api/auth/register/route.ts': 'export const POST = async (req: Request) => Response.json(await req.json());\n',
      'next.config.ts': seedApp()['next.config.ts']?.replace("{ key: 'X-Frame-Options', value: 'DENY' },", "{ key: 'X-Frame-Options', value: 'SAMEORIGIN' },") ?? '',
      'auth.ts': seedApp()['auth.ts']?.replace('httpOnly: true', 'httpOnly: false') ?? '',
      'tests/tickets.test.ts': vitestFile('tickets').replace("it('holds'", "it.only('holds'"),
      'tests/security/rate-limit.test.ts': null,
    });
    const report = await scanDir(root, { policy: SEED_POLICY });
    expect(summarise(report)).toEqual([
      'rules/rate-limit-auth-routes app/api/auth/register/route.ts',
      'cookies/not-http-only auth.ts:13',
      'headers/weak-value next.config.ts:16',
      'tests/focused-or-skipped tests/tickets.test.ts:4',
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('init proposes the nextjs preset, the test count and the security suites it finds; the app passes it', async () => {
    const root = makeRepo(seedApp());
    const text = await starterPolicy(root);
    expect(parse(text)).toMatchObject({
      extends: ['recommended', 'nextjs'],
      checks: {
        tests: {
          'min-files': 11,
          required: ['tests/authorization-security.test.ts', 'tests/security/headers.test.ts', 'tests/security/input-validation.test.ts', 'tests/security/rate-limit.test.ts'],
        },
      },
    });
    expect(summarise(await scanDir(root, { policy: text }))).toEqual([]);
  });

  it('the nextjs preset alone fails an app without headers, tests or CI, and says why', async () => {
    const root = makeRepo({
      'package.json': JSON.stringify({ name: 'blog', scripts: { dev: 'next dev', build: 'next build' }, dependencies: { next: '15.0.0', react: '19.0.0' } }, null, 2),
      'app/page.tsx': 'export default function Page() { return <h1>Blog</h1>; }\n',
      'next.config.mjs': 'const nextConfig = { images: { remotePatterns: [] } };\nexport default nextConfig;\n',
    });
    const report = await scanDir(root, { policy: 'version: 1\nextends: [recommended, nextjs]\n' });
    expect(summarise(report)).toEqual([
      ...Array(6).fill('headers/missing next.config.mjs:1'),
      'tests/no-test-script package.json:3',
      'dependencies/no-lockfile package.json:7',
      // What the checklist names, asked for by the preset: annotated on the `extends` line that brings it in.
      'env/not-ignored security-policy.yml:2',
      'env/not-ignored security-policy.yml:2',
      'tests/required-suite-missing security-policy.yml:2',
    ]);
    expect(report.findings.find((f) => f.ruleId === 'tests/required-suite-missing')?.message).toMatch(
      /^The required test suite \(a security-focused suite \(a test file or folder named for security, auth, CSRF, permissions or rate limits\): `\*\*\/\{.*\}`\) matches no file\.$/,
    );
    // Not the seed's own names, nor the variables of services this blog does not use: not evaluated, never failed.
    expect(report.checks.find((c) => c.id === 'env')?.notEvaluated).toEqual([
      expect.stringMatching(/^the policy requires `DATABASE_URL` in the example only when the app uses `@prisma\/client` or /),
      expect.stringMatching(/^the policy requires `NEXTAUTH_SECRET` in the example only when the app uses `next-auth`/),
      expect.stringMatching(/^the policy requires `NEXTAUTH_URL` in the example only when the app uses `next-auth`/),
      expect.stringMatching(/^the policy requires `REDIS_URL` in the example only when the app uses `ioredis`/),
      expect.stringMatching(/^the policy requires variables matching `SMTP_\*` in the example only when the app uses `nodemailer`/),
    ]);
    const item = (text: string) => report.checklist?.find((i) => i.text.startsWith(text));
    expect(item('Verify that `RATE_LIMIT_ENABLED=true`')).toMatchObject({ status: 'not-evaluated', reasons: ['the policy expects no value for RATE_LIMIT_ENABLED (checks.env.expect)'] });

    // An app with other names replaces the preset's lists and drops the production file it does not keep.
    const own = await scanDir(root, {
      policy: 'version: 1\nextends: [recommended, nextjs]\nchecks:\n  env:\n    required: []\n    expect:\n      .env.production: false\n  tests:\n    required: []\n',
    });
    expect(summarise(own).filter((f) => /^(?:env|tests\/required)/.test(f))).toEqual(['env/not-ignored security-policy.yml:2', 'env/not-ignored security-policy.yml:2']);
  });
});

describe('the web-app preset', () => {
  it('an Express API configured as the second checklist asks passes; helmet defaults do not', async () => {
    const pkg = JSON.stringify({ name: 'zakops-api', scripts: { test: 'jest' }, dependencies: { express: '^4.21.2', helmet: '^8.0.0', 'express-session': '^1.18.1' } }, null, 2);
    const server = [
      "import express from 'express';",
      "import helmet from 'helmet';",
      "import session from 'express-session';",
      '',
      'const app = express();',
      'app.use(',
      '  helmet({',
      "    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: [\"'self'\"], frameAncestors: [\"'none'\"] } },",
      "    xFrameOptions: { action: 'deny' },",
      "    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },",
      '    xXssProtection: false,',
      '  }),',
      ');',
      "app.use((_req, res, next) => { res.setHeader('X-XSS-Protection', '1; mode=block'); next(); });",
      'app.use(',
      '  session({',
      '    secret: process.env.SESSION_SECRET!,',
      "    cookie: { secure: true, httpOnly: true, sameSite: 'strict', maxAge: 24 * 60 * 60 * 1000 },",
      '  }),',
      ');',
      '',
    ].join('\n');
    const files = {
      'package.json': pkg,
      'package-lock.json': lockfileFor(pkg),
      'npm-audit.json': CLEAN_AUDIT,
      '.env.example': 'SESSION_SECRET=\n',
      '.env.production': 'AUTH_REQUIRED=true\nDEBUG=false\n',
      '.gitignore': 'node_modules/\n.env\n.env*.local\n',
      'src/server.ts': server,
      'src/__tests__/health.test.ts': "describe('health', () => { it('answers', () => { expect(1).toBe(1); }); });\n",
      '.github/workflows/test.yml': 'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
    };
    const policy = 'version: 1\nextends: [recommended, web-app]\nchecks:\n  dependencies:\n    reports: [npm-audit.json]\n';
    const report = await scanDir(makeRepo(files), { policy });
    expect(summarise(report)).toEqual([]);
    const debug = await scanDir(makeRepo({ ...files, '.env.production': 'AUTH_REQUIRED=true\nDEBUG=true\n' }), { policy });
    expect(summarise(debug)).toEqual(['env/expect .env.production:2']);

    const defaults = server.replace(/helmet\(\{[\s\S]*?\}\),\n/, 'helmet(),\n').replace(/app\.use\(\(_req[^\n]*\n/, '').replace(/cookie: \{[^}]*\}/, 'cookie: { secure: true }');
    const weak = await scanDir(makeRepo({ ...files, 'src/server.ts': defaults }), { policy });
    expect(summarise(weak)).toEqual(['headers/weak-value src/server.ts:7', 'headers/weak-value src/server.ts:7', 'cookies/same-site src/server.ts:10']);
    // helmet's default CSP (default-src 'self') and Referrer-Policy (no-referrer, stricter) meet the checklist.
    expect(weak.findings.slice(0, 2).map((f) => f.message.split(' (set by')[0]).sort()).toEqual(['X-Frame-Options `SAMEORIGIN` is not `DENY`', 'X-XSS-Protection `0` is not `1; mode=block`']);
  });
});
