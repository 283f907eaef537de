import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  headers: {}\n';
/** The policy of a repository without one: the recommended preset. */
const RECOMMENDED = 'version: 1\n';
const only = (report: Awaited<ReturnType<typeof scanTree>>) => summarise(report).filter((f) => f.startsWith('headers/'));

const expressPkg = JSON.stringify({ name: 'status-checker', private: true, dependencies: { express: '^4.19.2' } }, null, 2);
const nextPkg = JSON.stringify({ name: 'portal', private: true, dependencies: { next: '14.2.5', react: '18.3.1' } }, null, 2);

describe('headers: data is not configuration', () => {
  // A header-audit tool whose own server sets one header; its sample responses and request rows are data.
  const server = [
    "import express from 'express';",
    "import { grade } from './grader';",
    '',
    'const app = express();',
    'app.use((_req, res, next) => {',
    "  res.setHeader('X-Content-Type-Options', 'nosniff');",
    '  next();',
    '});',
    "app.post('/api/grade', express.json(), (req, res) => res.json(grade(req.body)));",
    'app.listen(8080);',
    '',
  ].join('\n');
  const samples = [
    'export const SAMPLE_RESPONSES = [',
    '  {',
    "    url: 'https://legacy-bank.example/login',",
    '    status: 200,',
    '    headers: {',
    "      'Strict-Transport-Security': 'max-age=600',",
    "      'X-Frame-Options': 'ALLOW-FROM https://ads.example',",
    "      'Content-Security-Policy': \"script-src * 'unsafe-inline' 'unsafe-eval'\",",
    '    },',
    '  },',
    "  { url: 'https://shop.example/', status: 301, headers: { 'Referrer-Policy': 'unsafe-url' } },",
    '];',
    '',
    'export const REQUEST_TEMPLATE = {',
    "  method: 'GET',",
    '  headers: [',
    "    { key: 'Permissions-Policy', value: 'camera=*', enabled: true },",
    "    { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains', enabled: false },",
    '  ],',
    '};',
    '',
  ].join('\n');

  it('sample responses and request rows neither fail the app nor hide what it does not set', async () => {
    const report = await scanTree({ 'package.json': expressPkg, 'src/server.ts': server, 'src/grader/samples.ts': samples }, { policy: POLICY });
    expect(only(report)).toEqual(Array(5).fill('headers/missing security-policy.yml:4'));
    const missing = report.findings.map((f) => f.message.split(' is not set')[0]).sort();
    expect(missing).toEqual(['Content-Security-Policy', 'Permissions-Policy', 'Referrer-Policy', 'Strict-Transport-Security', 'X-Frame-Options']);
  });

  it('a response init, a Headers object and a helper that returns headers are configuration', async () => {
    const worker = [
      'const SECURITY = {',
      "  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',",
      "  'X-Frame-Options': 'SAMEORIGIN',",
      '};',
      '',
      'export default {',
      '  async fetch(request, env) {',
      '    const upstream = await env.ASSETS.fetch(request);',
      '    const headers = new Headers(upstream.headers);',
      '    for (const [k, v] of Object.entries(SECURITY)) headers.set(k, v);',
      '    return new Response(upstream.body, {',
      '      status: upstream.status,',
      '      headers: { ...Object.fromEntries(headers), "Content-Security-Policy": "default-src \'self\'; frame-ancestors \'none\'" },',
      '    });',
      '  },',
      '};',
      '',
    ].join('\n');
    const hosting = JSON.stringify({ name: 'docs-site', main: 'src/worker.js', dependencies: { hono: '^4.5.0' } });
    const report = await scanTree({ 'package.json': hosting, 'src/worker.js': worker }, { policy: POLICY });
    expect(only(report).sort()).toEqual(['headers/missing security-policy.yml:4', 'headers/missing security-policy.yml:4', 'headers/missing security-policy.yml:4', 'headers/weak-value src/worker.js:3']);
    expect(report.findings.filter((f) => f.ruleId === 'headers/missing').map((f) => f.message.split(' is not set')[0]).sort()).toEqual(['Permissions-Policy', 'Referrer-Policy', 'X-Content-Type-Options']);
  });
});

describe('headers: a header set on some routes does not cover the app', () => {
  const nextConfig = [
    '/** @type {import("next").NextConfig} */',
    'const embedHeaders = [',
    "  { key: 'X-Frame-Options', value: 'SAMEORIGIN' },",
    "  { key: 'Content-Security-Policy', value: \"frame-ancestors https://partners.example\" },",
    '];',
    '',
    'module.exports = {',
    '  async headers() {',
    '    return [',
    "      { source: '/embed/:path*', headers: embedHeaders },",
    '      {',
    "        source: '/:path*',",
    '        headers: [',
    "          { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains; preload' },",
    "          { key: 'Referrer-Policy', value: 'same-origin' },",
    "          { key: 'Permissions-Policy', value: 'payment=()' },",
    '        ],',
    '      },',
    '    ];',
    '  },',
    '};',
    '',
  ].join('\n');
  const fileRoute = [
    "import { readInvoice } from '@/lib/invoices';",
    '',
    'export async function GET(_req: Request, { params }: { params: { id: string } }) {',
    '  const pdf = await readInvoice(params.id);',
    "  return new Response(pdf, { headers: { 'Content-Type': 'application/pdf', 'X-Content-Type-Options': 'nosniff' } });",
    '}',
    '',
  ].join('\n');
  const middleware = (matcher: string) =>
    [
      "import { NextResponse } from 'next/server';",
      '',
      'export function middleware() {',
      '  const res = NextResponse.next();',
      "  res.headers.set('Content-Security-Policy', \"default-src 'self'; frame-ancestors 'none'\");",
      '  return res;',
      '}',
      '',
      `export const config = { matcher: ${matcher} };`,
      '',
    ].join('\n');

  it('an embed-only source, a route handler and a narrowed middleware count for their routes only', async () => {
    const root = {
      'package.json': nextPkg,
      'next.config.js': nextConfig,
      'app/api/invoices/[id]/route.ts': fileRoute,
      'middleware.ts': middleware("['/dashboard/:path*', '/settings/:path*']"),
    };
    const report = await scanTree(root, { policy: POLICY });
    expect(only(report)).toEqual(['headers/weak-value next.config.js:3', 'headers/missing next.config.js:8', 'headers/missing next.config.js:8', 'headers/missing next.config.js:8']);
    const messages = report.findings.map((f) => f.message);
    expect(messages).toContain(
      "Content-Security-Policy is set only on some routes (middleware.ts, for the middleware matcher `/dashboard/:path*`, `/settings/:path*`; next.config.js, for `/embed/:path*`), not on every response; the policy requires any value (security-policy.yml:4).",
    );
    expect(messages).toContain(
      'X-Content-Type-Options is set only on some routes (app/api/invoices/[id]/route.ts, a route handler), not on every response; the policy requires `nosniff` (security-policy.yml:4).',
    );
    // The embed routes' own value is still judged: SAMEORIGIN is not the DENY this policy asks for.
    expect(messages).toContain('X-Frame-Options `SAMEORIGIN` is not `DENY` (set by next.config.js, for `/embed/:path*`); the policy requires `DENY` (security-policy.yml:4).');
  });

  it('middleware whose matcher only skips static files covers every route, and its frame-ancestors stands for X-Frame-Options', async () => {
    const root = {
      'package.json': nextPkg,
      'next.config.js': nextConfig,
      'app/api/invoices/[id]/route.ts': fileRoute.replace("'X-Content-Type-Options': 'nosniff' ", ''),
      'middleware.ts': middleware("['/((?!_next/static|_next/image|favicon.ico).*)']").replace("res.headers.set('Content-Security-Policy'", "res.headers.set('X-Content-Type-Options', 'nosniff');\n  res.headers.set('Content-Security-Policy'"),
    };
    expect(only(await scanTree(root, { policy: RECOMMENDED, only: ['headers'] }))).toEqual([]);
  });

  it('koa: a header set in a router.get callback is that route only; app.use middleware is every route', async () => {
    const pkg = JSON.stringify({ name: 'wiki', dependencies: { koa: '^2.15.0', '@koa/router': '^12.0.1' } });
    const src = [
      "import Koa from 'koa';",
      "import Router from '@koa/router';",
      '',
      'const app = new Koa();',
      'const router = new Router();',
      'app.use(async (ctx, next) => {',
      "  ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');",
      "  ctx.set('X-Content-Type-Options', 'nosniff');",
      "  ctx.set('Referrer-Policy', 'no-referrer');",
      "  ctx.set('Permissions-Policy', 'geolocation=()');",
      '  await next();',
      '});',
      "router.get('/share/:id', async (ctx) => {",
      "  ctx.set('Content-Security-Policy', \"default-src 'self'\");",
      "  ctx.set('X-Frame-Options', 'DENY');",
      "  ctx.body = 'shared page';",
      '});',
      'app.use(router.routes());',
      'app.listen(3000);',
      '',
    ].join('\n');
    const report = await scanTree({ 'package.json': pkg, 'server/index.ts': src }, { policy: POLICY });
    expect(only(report)).toEqual(['headers/missing security-policy.yml:4', 'headers/missing security-policy.yml:4']);
    expect(report.findings.map((f) => f.message.split(' is set only')[0]).sort()).toEqual(['Content-Security-Policy', 'X-Frame-Options']);
  });
});

describe('headers: CSP frame-ancestors and X-Frame-Options', () => {
  const vercel = (csp: string, extra: Record<string, string> = {}) =>
    JSON.stringify(
      {
        headers: [
          {
            source: '/(.*)',
            headers: [
              { key: 'Content-Security-Policy', value: csp },
              { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },
              { key: 'X-Content-Type-Options', value: 'nosniff' },
              { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
              { key: 'Permissions-Policy', value: 'microphone=()' },
              ...Object.entries(extra).map(([key, value]) => ({ key, value })),
            ],
          },
        ],
      },
      null,
      2,
    );

  it("frame-ancestors 'self' meets the recommended preset, not a policy that asks for DENY", async () => {
    const self = { 'vercel.json': vercel("default-src 'self'; frame-ancestors 'self'") };
    expect(only(await scanTree(self, { policy: RECOMMENDED, only: ['headers'] }))).toEqual([]);
    const strict = await scanTree(self, { policy: POLICY });
    expect(only(strict)).toEqual(['headers/weak-value vercel.json:8']);
    expect(strict.findings[0]?.message).toBe(
      "X-Frame-Options is not set, and the Content-Security-Policy's `frame-ancestors 'self'` stands for SAMEORIGIN, not `DENY` (set by vercel.json); the policy requires `DENY` (security-policy.yml:4).",
    );
    expect(only(await scanTree({ 'vercel.json': vercel("default-src 'self'; frame-ancestors 'none'") }, { policy: POLICY }))).toEqual([]);
  });

  it('frame-ancestors that lets other sites frame the app is reported; an X-Frame-Options the app sends is still judged', async () => {
    const partners = await scanTree({ 'vercel.json': vercel("default-src 'self'; frame-ancestors 'self' https://*.partner.example") }, { policy: RECOMMENDED, only: ['headers'] });
    expect(only(partners)).toEqual(['headers/weak-value vercel.json:8']);
    expect(partners.findings[0]?.message).toMatch(/frame-ancestors 'self' https:\/\/\*\.partner\.example` allows framing by https:\/\/\*\.partner\.example/);
    const both = await scanTree({ 'vercel.json': vercel("default-src 'self'; frame-ancestors 'none'", { 'X-Frame-Options': 'ALLOWALL' }) }, { policy: RECOMMENDED, only: ['headers'] });
    expect(only(both)).toEqual(['headers/weak-value vercel.json:28']);
  });

  it('SAMEORIGIN passes the recommended preset; the web-app preset still asks for DENY', async () => {
    const root = { 'vercel.json': vercel("default-src 'self'", { 'X-Frame-Options': 'SAMEORIGIN' }) };
    expect(only(await scanTree(root, { policy: RECOMMENDED, only: ['headers'] }))).toEqual([]);
    const webApp = await scanTree(root, { policy: 'version: 1\nextends: [recommended, web-app]\n' });
    expect(only(webApp)).toContain('headers/weak-value vercel.json:28');
  });
});
