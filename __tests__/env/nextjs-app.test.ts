import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from '../helpers/check-tester.js';

/**
 * A Next.js app like the first seed checklist's: NextAuth, Prisma, Redis, SMTP, rate limiting, a t3-style
 * env schema, a committed production env file, and the usual mistakes.
 */
export const NEXT_APP: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'helpdesk', dependencies: { next: '15.0.0', 'next-auth': '4.24.0', '@prisma/client': '5.0.0', ioredis: '5.0.0', nodemailer: '6.0.0', '@t3-oss/env-nextjs': '0.11.0', zod: '3.23.0' } }, null, 2),
  '.gitignore': ['# dependencies', '/node_modules', '', '# next.js', '/.next/', '', '# local env files', '.env*.local', '', '# typescript', '*.tsbuildinfo', ''].join('\n'),
  '.env.example': [
    '# Database', // 1
    'DATABASE_URL="postgresql://postgres:postgres@localhost:5432/helpdesk?schema=public"', // 2
    '', // 3
    '# NextAuth — generate with: openssl rand -base64 32', // 4
    'NEXTAUTH_URL=http://localhost:3000', // 5
    'NEXTAUTH_SECRET=', // 6
    '', // 7
    '# Redis', // 8
    'REDIS_URL=redis://localhost:6379', // 9
    '', // 10
    '# SMTP', // 11
    'SMTP_HOST=smtp.example.com', // 12
    'SMTP_PORT=587', // 13
    'SMTP_USER=your-smtp-user', // 14
    'SMTP_PASSWORD=SG.k3Jd9sLqP0xWm2Zt7Yv4Rb.Qn8Hc5Ej1Ku6Lo3Mp9Nr2Sw7Tx4Uy0Vz5Ab8Cd1Ef', // 15
    '', // 16
    '# Rate limiting', // 17
    'RATE_LIMIT_ENABLED=true', // 18
    'RATE_LIMIT_MAX=100', // 19
    '', // 20
    '# Stripe', // 21
    'NEXT_PUBLIC_STRIPE_SECRET_KEY=sk_test_your_key_here', // 22
    'LEGACY_WEBHOOK_URL=https://hooks.example.com/x', // 23
    'smtp_from=noreply@example.com', // 24
    'REDIS_URL=redis://localhost:6380', // 25
    '',
  ].join('\n'),
  '.env.production': ['NEXTAUTH_URL=https://helpdesk.example.org', 'RATE_LIMIT_ENABLED=false', 'AUTH_REQUIRED=true', 'DEBUG=0', ''].join('\n'),
  'prisma/schema.prisma': ['generator client {', '  provider = "prisma-client-js"', '}', '', 'datasource db {', '  provider  = "postgresql"', '  url       = env("DATABASE_URL")', '  directUrl = env("DIRECT_DATABASE_URL")', '}', ''].join('\n'),
  'src/env.mjs': [
    "import { createEnv } from '@t3-oss/env-nextjs';", // 1
    "import { z } from 'zod';", // 2
    '', // 3
    'export const env = createEnv({', // 4
    '  server: {', // 5
    '    DATABASE_URL: z.string().url(),', // 6
    '    NEXTAUTH_SECRET: z.string().min(32),', // 7
    '    NEXTAUTH_URL: z.string().url(),', // 8
    '    REDIS_URL: z.string().url(),', // 9
    '    SENTRY_AUTH_TOKEN: z.string().optional(),', // 10
    '  },', // 11
    '  client: {', // 12
    '    NEXT_PUBLIC_APP_URL: z.string().url(),', // 13
    '  },', // 14
    '  runtimeEnv: {', // 15
    '    DATABASE_URL: process.env.DATABASE_URL,', // 16
    '    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,', // 17
    '    NEXTAUTH_URL: process.env.NEXTAUTH_URL,', // 18
    '    REDIS_URL: process.env.REDIS_URL,', // 19
    '    SENTRY_AUTH_TOKEN: process.env.SENTRY_AUTH_TOKEN,', // 20
    '    NEXT_PUBLIC_APP_URL: process.env.NEXT_PUBLIC_APP_URL,', // 21
    '  },', // 22
    '});', // 23
    '',
  ].join('\n'),
  'src/lib/mailer.ts': [
    "import nodemailer from 'nodemailer';", // 1
    '', // 2
    'const { SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM } = process.env;', // 3
    '', // 4
    'export const transport = nodemailer.createTransport({ host: SMTP_HOST, port: Number(SMTP_PORT), auth: { user: SMTP_USER, pass: SMTP_PASSWORD } });', // 5
    'export const from = SMTP_FROM ?? "Helpdesk <noreply@localhost>";', // 6
    '',
  ].join('\n'),
  'src/lib/rate-limit.ts': [
    "import { env } from '@/env.mjs';", // 1
    '', // 2
    "const enabled = process.env.RATE_LIMIT_ENABLED !== 'false';", // 3
    "const max = Number(process.env.RATE_LIMIT_MAX ?? '100');", // 4
    "const windowMs = Number(process.env['RATE_LIMIT_WINDOW_MS'] ?? 60_000);", // 5
    '// const burst = process.env.RATE_LIMIT_BURST;', // 6
    'export function limit(key: string) { return enabled && key.length < max && windowMs > 0 && env.REDIS_URL; }', // 7
    '',
  ].join('\n'),
  'src/app/api/auth/[...nextauth]/route.ts': [
    "import NextAuth from 'next-auth';", // 1
    "import GitHub from 'next-auth/providers/github';", // 2
    '', // 3
    'const handler = NextAuth({', // 4
    '  providers: [GitHub({ clientId: process.env.GITHUB_ID!, clientSecret: process.env.GITHUB_SECRET! })],', // 5
    '});', // 6
    'export { handler as GET, handler as POST };', // 7
    '',
  ].join('\n'),
  'src/app/page.tsx': ["export default function Page() {", '  return <a href={process.env.NEXT_PUBLIC_APP_URL}>Don\'t {process.env.NODE_ENV}</a>;', '}', ''].join('\n'),
  'src/lib/flags.ts': ['export function flag(name: string) {', '  return process.env[`FEATURE_${name.toUpperCase()}`] === "1";', '}', ''].join('\n'),
  'tests/security/rate-limit.test.ts': "process.env.RATE_LIMIT_TEST_ONLY = '1';\nconst x = process.env.TEST_DATABASE_URL;\n",
  'next.config.ts': 'export default { poweredByHeader: false, env: { BUILD_ID: process.env.VERCEL_GIT_COMMIT_SHA } };\n',
};

const POLICY = [
  'version: 1', // 1
  'checks:', // 2
  '  env:', // 3
  '    example: .env.example', // 4
  '    required: [DATABASE_URL, NEXTAUTH_SECRET, NEXTAUTH_URL, REDIS_URL, "SMTP_*", "RATE_LIMIT_*", "CSP_*"]', // 5
  '    must-ignore: [.env, .env.local]', // 6
  '    expect:', // 7
  '      .env.production:', // 8
  '        RATE_LIMIT_ENABLED: "true"', // 9
  '        AUTH_REQUIRED: "true"', // 10
  '        DEBUG: "false"', // 11
  '        SESSION_COOKIE_SECURE: true', // 12
  '',
].join('\n');

const SECRET = 'SG.k3Jd9sLqP0xWm2Zt7Yv4Rb.Qn8Hc5Ej1Ku6Lo3Mp9Nr2Sw7Tx4Uy0Vz5Ab8Cd1Ef';

describe('env check on a Next.js app', () => {
  it('reports what a careful reviewer would, each on its line', async () => {
    const report = await scanTree(NEXT_APP, { policy: POLICY, only: ['env'] });
    expect(summarise(report)).toEqual([
      'env/real-value-in-example .env.example:15',
      'env/public-secret .env.example:22',
      'env/unused-in-example .env.example:22',
      'env/unused-in-example .env.example:23',
      'env/lowercase-key .env.example:24',
      'env/duplicate-key .env.example:25',
      'env/expect .env.production:2',
      'env/not-ignored .gitignore:8',
      'env/missing-in-example prisma/schema.prisma:8',
      'env/missing-in-example security-policy.yml:5',
      'env/expect security-policy.yml:12',
      'env/missing-in-example src/app/api/auth/[...nextauth]/route.ts:5',
      'env/missing-in-example src/app/api/auth/[...nextauth]/route.ts:5',
      'env/missing-in-example src/app/page.tsx:2',
      'env/missing-in-example src/lib/mailer.ts:3',
      'env/missing-in-example src/lib/rate-limit.ts:5',
    ]);
    expect(report.verdict).toBe('fail');
    const by = (rule: string, path: string) => report.findings.find((f) => f.ruleId === rule && f.location?.path === path);
    // The secret is never shown, anywhere in the report.
    expect(JSON.stringify(report)).not.toContain(SECRET);
    expect(JSON.stringify(report)).not.toContain(SECRET.slice(10, 30));
    expect(by('env/real-value-in-example', '.env.example')?.message).toMatch(/SMTP_PASSWORD.*\*\*\* \(67 chars\)/);
    expect(by('env/real-value-in-example', '.env.example')?.location).toMatchObject({ line: 15, column: 15 });
    expect(by('env/missing-in-example', 'src/app/page.tsx')?.message).toBe(
      '`NEXT_PUBLIC_APP_URL` is read here (process.env) but `.env.example` does not list it. Also read at src/env.mjs:13.',
    );
    expect(by('env/missing-in-example', 'src/lib/mailer.ts')?.message).toMatch(/It lists `smtp_from` \(\.env\.example:24\), but names are case-sensitive/);
    expect(by('env/missing-in-example', 'src/lib/mailer.ts')?.location).toMatchObject({ line: 3, column: 57, endColumn: 66 });
    expect(by('env/expect', '.env.production')?.message).toBe('`RATE_LIMIT_ENABLED` in .env.production must be "true" (security-policy.yml:9), but it is false.');
    expect(by('env/expect', 'security-policy.yml')?.message).toBe('`SESSION_COOKIE_SECURE` is not set in .env.production; the policy expects true.');
    expect(by('env/not-ignored', '.gitignore')?.message).toBe('.env would not be ignored by git: no rule in .gitignore ignores it.');
    expect(by('env/public-secret', '.env.example')?.severity).toBe('error');
    // SENTRY_AUTH_TOKEN is `.optional()` in the schema (src/env.mjs:10): the schema decides, it is no demand.
    expect(report.findings.some((f) => f.message.includes('SENTRY_AUTH_TOKEN'))).toBe(false);
    // A name computed at run time is not guessed: the rule says it could not evaluate it, and where.
    const env = report.checks.find((c) => c.id === 'env');
    const dynamicRule = env?.rules.find((r) => r.id === 'env/dynamic-read');
    expect(dynamicRule?.status).toBe('not-evaluated');
    expect(dynamicRule?.reason).toMatch(/src\/lib\/flags\.ts:2 process\.env\[`FEATURE_\$\{name\.toUpperCase\(\)\}`\]/);
    // Every finding has a stable fingerprint that ignores the line.
    expect(new Set(report.findings.map((f) => f.fingerprint)).size).toBe(report.findings.length);
  });

  it('passes the same app once the example, .gitignore and production flags are fixed', async () => {
    const fixed = { ...NEXT_APP };
    fixed['.gitignore'] = `${NEXT_APP['.gitignore']}.env\n`;
    fixed['.env.example'] = [
      'DATABASE_URL="postgresql://postgres:postgres@localhost:5432/helpdesk?schema=public"',
      'DIRECT_DATABASE_URL="postgresql://postgres:postgres@localhost:5432/helpdesk"',
      'NEXTAUTH_URL=http://localhost:3000',
      'NEXTAUTH_SECRET= # openssl rand -base64 32',
      'GITHUB_ID=',
      'GITHUB_SECRET=',
      'NEXT_PUBLIC_APP_URL=http://localhost:3000',
      'SENTRY_AUTH_TOKEN=',
      'REDIS_URL=redis://localhost:6379',
      'SMTP_HOST=localhost',
      'SMTP_PORT=1025',
      'SMTP_USER=',
      'SMTP_PASSWORD=<your smtp password>',
      'SMTP_FROM="Helpdesk <noreply@example.com>"',
      'RATE_LIMIT_ENABLED=true',
      'RATE_LIMIT_MAX=100',
      'RATE_LIMIT_WINDOW_MS=60000',
      'CSP_REPORT_URI=https://example.com/csp',
      'FEATURE_NEW_INBOX=0',
      '',
    ].join('\n');
    fixed['.env.production'] = 'NEXTAUTH_URL=https://helpdesk.example.org\nRATE_LIMIT_ENABLED=yes\nAUTH_REQUIRED=true\nDEBUG=0\nSESSION_COOKIE_SECURE=1\n';
    const report = await scanTree(fixed, { policy: POLICY, only: ['env'] });
    expect(summarise(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
  });

  it('runs from the recommended preset alone, without a policy', async () => {
    const report = await scanTree(NEXT_APP, { only: ['env'] });
    const rules = new Set(report.findings.map((f) => f.ruleId));
    expect(rules.has('env/missing-in-example')).toBe(true);
    expect(rules.has('env/expect')).toBe(false);
    expect(report.findings.filter((f) => f.location?.path === 'security-policy.yml')).toEqual([]);
  });
});

describe('real values found by the secrets detector', () => {
  it('a provider key under any name, with its published prefix shown and the rest hidden', async () => {
    const key = ['sk', 'live', 'R8pQ2wLz7Xc4Vb9Nm3Kd6Hf1'].join('_');
    const root = {
      '.gitignore': '.env\n.env.local\n',
      '.env.example': `BILLING_CONFIG=${key}\nSTRIPE_SECRET_KEY=sk_live_your_key_here\n`,
      'src/billing.ts': 'export const a = process.env.BILLING_CONFIG;\nexport const b = process.env.STRIPE_SECRET_KEY;\n',
    };
    const report = await scanTree(root, { only: ['env'] });
    expect(summarise(report)).toEqual(['env/real-value-in-example .env.example:1']);
    expect(report.findings[0]?.message).toBe(
      'The example value of `BILLING_CONFIG` looks like a real credential (Stripe live secret key: sk_live_*** (32 chars)). Example files are public: use a placeholder.',
    );
    expect(JSON.stringify(report)).not.toContain(key);
  });
});
