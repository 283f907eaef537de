import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  headers: {}\n';

const nextPkg = JSON.stringify({ name: 'web', private: true, dependencies: { next: '15.1.0', react: '19.0.0' } }, null, 2);
const expressPkg = (helmet?: string) => JSON.stringify({ name: 'api', private: true, dependencies: { express: '^4.21.0', ...(helmet ? { helmet } : {}) } }, null, 2);

/** A next.config.ts in the shape most apps use: a header list, a CSP tidied with replace(), headers() on every path. */
const GOOD_NEXT_CONFIG = `import type { NextConfig } from 'next';

const ContentSecurityPolicy = \`
  default-src 'self';
  script-src 'self';
  style-src 'self' 'unsafe-inline';
  img-src 'self' blob: data:;
  font-src 'self';
  frame-ancestors 'none';
\`;

const securityHeaders = [
  { key: 'Content-Security-Policy', value: ContentSecurityPolicy.replace(/\\s{2,}/g, ' ').trim() },
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  async headers() {
    return [{ source: '/(.*)', headers: securityHeaders }];
  },
};

export default nextConfig;
`;

describe('headers: Next.js', () => {
  it('a complete next.config passes', async () => {
    const report = await scanTree({ 'package.json': nextPkg, 'next.config.ts': GOOD_NEXT_CONFIG, 'app/page.tsx': 'export default function Page() { return <main>hi</main>; }\n' }, { policy: POLICY });
    expect(summarise(report)).toEqual([]);
  });

  it('weak values on their lines, unsafe CSP keywords at their exact place, missing headers at headers()', async () => {
    const config = [
      "const csp = `", // 1
      "  default-src 'self';", // 2
      "  script-src 'self' 'unsafe-eval' https://js.stripe.com;", // 3
      '`;', // 4
      '', // 5
      'module.exports = {', // 6
      '  async headers() {', // 7
      '    return [', // 8
      '      {', // 9
      "        source: '/:path*',", // 10
      '        headers: [', // 11
      "          { key: 'Content-Security-Policy', value: csp.replace(/\\n/g, '') },", // 12
      "          { key: 'X-Frame-Options', value: 'SAMEORIGIN' },", // 13
      "          { key: 'Strict-Transport-Security', value: 'max-age=300' },", // 14
      "          { key: 'X-Content-Type-Options', value: 'nosniff' },", // 15
      "          { key: 'Referrer-Policy', value: 'unsafe-url' },", // 16
      '        ],', // 17
      '      },', // 18
      '    ];', // 19
      '  },', // 20
      '};', // 21
      '',
    ].join('\n');
    const report = await scanTree({ 'package.json': nextPkg, 'next.config.js': config }, { policy: POLICY });
    expect(summarise(report)).toEqual([
      'headers/csp-unsafe next.config.js:3',
      'headers/missing next.config.js:7',
      'headers/weak-value next.config.js:13',
      'headers/weak-value next.config.js:14',
      'headers/weak-value next.config.js:16',
    ]);
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id).map((f) => f.message);
    expect(byRule('headers/weak-value')).toEqual([
      'X-Frame-Options `SAMEORIGIN` is not `DENY` (set by next.config.js); the policy requires `DENY` (preset or default of checks.headers).'.replace(
        ' (preset or default of checks.headers)',
        ' (security-policy.yml:4)',
      ),
      'Strict-Transport-Security max-age=300 is shorter than 31536000 (set by next.config.js); the policy requires `max-age=31536000; includeSubDomains` (security-policy.yml:4).',
      'Referrer-Policy `unsafe-url` is looser than `strict-origin-when-cross-origin` (set by next.config.js); the policy requires `strict-origin-when-cross-origin` (security-policy.yml:4).',
    ]);
    expect(byRule('headers/missing')).toEqual([
      'Permissions-Policy is not set anywhere the check reads (next.config headers(), middleware, helmet, vercel.json, netlify.toml, _headers, nginx); the policy requires any value (security-policy.yml:4).',
    ]);
    expect(report.findings[0]).toMatchObject({
      severity: 'warning',
      message: "This Content-Security-Policy allows 'unsafe-eval' in script-src: injected scripts can run, which defeats the policy.",
      location: { path: 'next.config.js', line: 3, column: 21, endLine: 3, endColumn: 34 },
    });
  });

  it('computed configuration is a notice, not a guess', async () => {
    const config = "import { buildSecurityHeaders } from './lib/headers.mjs';\n\nexport default {\n  async headers() {\n    return buildSecurityHeaders(process.env.APP_ENV);\n  },\n};\n";
    const report = await scanTree({ 'package.json': nextPkg, 'next.config.mjs': config }, { policy: POLICY });
    expect(summarise(report)).toEqual(Array(6).fill('headers/not-static next.config.mjs:5'));
    expect(report.findings.every((f) => f.severity === 'notice')).toBe(true);
    expect(report.findings.map((f) => f.message)).toContain(
      'Content-Security-Policy is not set anywhere the check can read, but the value headers() returns in next.config.mjs is computed at run time and may set it; the policy requires any value (security-policy.yml:4). Verify it with `probe-url` or write the value out.',
    );
  });

  it('the list may live in another module; middleware may set the CSP with a nonce', async () => {
    const root = {
      'package.json': nextPkg,
      'lib/security-headers.js': [
        'module.exports.securityHeaders = [',
        "  { key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' },",
        "  { key: 'X-Frame-Options', value: 'DENY' },",
        "  { key: 'X-Content-Type-Options', value: 'nosniff' },",
        "  { key: 'Referrer-Policy', value: 'no-referrer' },",
        "  { key: 'Permissions-Policy', value: 'camera=()' },",
        '];',
        '',
      ].join('\n'),
      'next.config.js': "const { securityHeaders } = require('./lib/security-headers');\n\nmodule.exports = {\n  headers: async () => [{ source: '/(.*)', headers: securityHeaders }],\n};\n",
      'middleware.ts': [
        "import { NextResponse, type NextRequest } from 'next/server';",
        '',
        'export function middleware(request: NextRequest) {',
        "  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');",
        '  const cspHeader = `',
        "    default-src 'self';",
        "    script-src 'self' 'nonce-${nonce}' 'strict-dynamic';",
        "    style-src 'self' 'nonce-${nonce}';",
        "    object-src 'none';",
        '  `;',
        "  const value = cspHeader.replace(/\\s{2,}/g, ' ').trim();",
        '  const requestHeaders = new Headers(request.headers);',
        "  requestHeaders.set('x-nonce', nonce);",
        '  const response = NextResponse.next({ request: { headers: requestHeaders } });',
        "  response.headers.set('Content-Security-Policy', value);",
        '  return response;',
        '}',
        '',
      ].join('\n'),
    };
    const report = await scanTree(root, { policy: POLICY });
    expect(summarise(report)).toEqual([]);
  });

  it('a value computed at run time cannot be verified against a required value', async () => {
    const root = {
      'package.json': nextPkg,
      'next.config.js': GOOD_NEXT_CONFIG.replace("{ key: 'X-Frame-Options', value: 'DENY' },", "{ key: 'X-Frame-Options', value: process.env.FRAME_OPTIONS },").replace('import type { NextConfig }', '// import type { NextConfig }').replace(': NextConfig', ''),
    };
    const report = await scanTree(root, { policy: POLICY });
    expect(summarise(report)).toEqual(['headers/not-static next.config.js:15']);
    expect(report.findings[0]?.message).toMatch(/^X-Frame-Options is set \(next\.config\.js\) but its value is computed at run time, so the check cannot verify it/);
  });
});

describe('headers: helmet', () => {
  const server = (helmetCall: string) => `import express from 'express';\nimport helmet from 'helmet';\n\nconst app = express();\n${helmetCall}\napp.get('/', (_req, res) => res.send('ok'));\napp.listen(3000);\n`;

  it("a bare helmet() sends its defaults: SAMEORIGIN is weaker than DENY, Permissions-Policy is not among them", async () => {
    const report = await scanTree({ 'package.json': expressPkg('^7.1.0'), 'src/server.ts': server('app.use(helmet());') }, { policy: POLICY });
    expect(summarise(report)).toEqual(['headers/missing src/server.ts:5', 'headers/weak-value src/server.ts:5']);
    expect(report.findings.map((f) => [f.message, f.help])).toEqual([
      [
        'Permissions-Policy is not set anywhere the check reads (next.config headers(), middleware, helmet, vercel.json, netlify.toml, _headers, nginx); the policy requires any value (security-policy.yml:4).',
        'Add it where the other headers are set (helmet in src/server.ts).',
      ],
      [
        'X-Frame-Options `SAMEORIGIN` is not `DENY` (set by helmet defaults); the policy requires `DENY` (security-policy.yml:4).',
        "With helmet: set `xFrameOptions: { action: 'deny' }` (`frameguard` before helmet 7).",
      ],
    ]);
  });

  it('options that turn protections off, and values read from options', async () => {
    const call = [
      'app.use(', // 5
      '  helmet({', // 6
      '    contentSecurityPolicy: false,', // 7
      '    strictTransportSecurity: { maxAge: 60 * 60 * 24 * 365, includeSubDomains: true },', // 8
      "    frameguard: { action: 'deny' },", // 9
      '    crossOriginEmbedderPolicy: false,', // 10
      '  }),', // 11
      ');', // 12
      "app.use((_req, res, next) => { res.setHeader('Permissions-Policy', 'camera=()'); next(); });", // 13
    ].join('\n');
    const report = await scanTree({ 'package.json': expressPkg('^8.0.0'), 'src/server.ts': server(call) }, { policy: POLICY });
    expect(summarise(report)).toEqual(['headers/helmet-disabled src/server.ts:7']);
    expect(report.findings[0]).toMatchObject({
      severity: 'error',
      message: "`contentSecurityPolicy: false` turns off helmet's Content-Security-Policy header, and nothing else sets it; the policy requires any value (security-policy.yml:4).",
    });
  });

  it('a CSP turned off in helmet but set by the app is fine; a helmet CSP with unsafe-inline scripts is not', async () => {
    const own = "app.use(helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' } }));\napp.use((_req, res, next) => {\n  res.set({ 'Content-Security-Policy': \"default-src 'self'\", 'Permissions-Policy': 'camera=()' });\n  next();\n});";
    expect(summarise(await scanTree({ 'package.json': expressPkg('^7.0.0'), 'src/server.ts': server(own) }, { policy: POLICY }))).toEqual([]);

    const unsafe = "app.use(helmet({\n  xFrameOptions: { action: 'deny' },\n  contentSecurityPolicy: { directives: { scriptSrc: [\"'self'\", \"'unsafe-inline'\"] } },\n}));\napp.use((_q, res, next) => { res.setHeader('Permissions-Policy', 'camera=()'); next(); });";
    const report = await scanTree({ 'package.json': expressPkg('^7.0.0'), 'src/server.ts': server(unsafe) }, { policy: POLICY });
    expect(summarise(report)).toEqual(['headers/csp-unsafe src/server.ts:7']);
    expect(report.findings[0]?.message).toBe("This Content-Security-Policy allows 'unsafe-inline' in script-src: injected scripts can run, which defeats the policy.");
  });

  it('fastify: register(helmet, options)', async () => {
    const src = "import Fastify from 'fastify';\nimport helmet from '@fastify/helmet';\n\nconst app = Fastify();\nawait app.register(helmet, { frameguard: { action: 'deny' }, hsts: false });\n";
    const pkg = JSON.stringify({ dependencies: { fastify: '^5.0.0', '@fastify/helmet': '^13.0.0' } });
    const report = await scanTree({ 'package.json': pkg, 'src/app.ts': src }, { policy: POLICY.replace('headers: {}', 'headers:\n    required:\n      Permissions-Policy: false') });
    expect(summarise(report)).toEqual(['headers/helmet-disabled src/app.ts:5']);
    expect(report.findings[0]?.message).toMatch(/^`hsts: false` turns off helmet's Strict-Transport-Security header, and nothing else sets it/);
  });

  it('an Express app that sets no headers at all', async () => {
    const report = await scanTree({ 'package.json': expressPkg(), 'src/server.js': "const express = require('express');\nconst app = express();\napp.listen(3000);\n" }, { policy: POLICY });
    expect(summarise(report)).toEqual(Array(6).fill('headers/missing security-policy.yml:4'));
    expect(report.findings[0]?.help).toBe('Use helmet (`app.use(helmet())`) or set it in the server configuration.');
  });
});

describe('headers: hosting configuration', () => {
  /** Only the headers named: the others of the default list are set to false. */
  const required = (map: string) => {
    const others = ['Content-Security-Policy', 'Strict-Transport-Security', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy'].filter((h) => !map.includes(`${h}:`));
    return `version: 1\nextends: []\nchecks:\n  headers:\n    required:\n${map}${others.map((h) => `      ${h}: false\n`).join('')}`;
  };

  it('vercel.json, netlify.toml, _headers and nginx', async () => {
    const policy = required('      X-Frame-Options: DENY\n      Content-Security-Policy: "default-src \'self\'"\n      Strict-Transport-Security: "max-age=31536000; includeSubDomains"\n');
    const vercel = JSON.stringify({ headers: [{ source: '/(.*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }, { key: 'Content-Security-Policy', value: "default-src 'self' https:" }, { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] }] }, null, 2);
    const v = await scanTree({ 'vercel.json': vercel, 'index.html': '<!doctype html>\n' }, { policy });
    expect(summarise(v)).toEqual(['headers/weak-value vercel.json:12']);
    expect(v.findings[0]?.message).toBe("Content-Security-Policy `default-src` allows https: beyond `default-src 'self'` (set by vercel.json); the policy requires `default-src 'self'` (security-policy.yml:7).");

    const toml = [
      '[build]', // 1
      '  command = "npm run build"', // 2
      '', // 3
      '[[headers]]', // 4
      '  for = "/*"', // 5
      '  [headers.values]', // 6
      '    X-Frame-Options = "SAMEORIGIN"', // 7
      "    Strict-Transport-Security = 'max-age=31536000; includeSubDomains'", // 8
      '    Content-Security-Policy = """', // 9
      "      default-src 'self';", // 10
      "      script-src 'self' 'unsafe-inline'", // 11
      '    """', // 12
      '',
    ].join('\n');
    const n = await scanTree({ 'netlify.toml': toml }, { policy });
    expect(summarise(n)).toEqual(['headers/weak-value netlify.toml:7', 'headers/csp-unsafe netlify.toml:11']);

    const h = await scanTree({ 'public/_headers': "/*\n  X-Frame-Options: DENY\n  Content-Security-Policy: default-src 'self'\n  Strict-Transport-Security: max-age=31536000\n" }, { policy });
    expect(summarise(h)).toEqual(['headers/weak-value public/_headers:4']);
    expect(h.findings[0]?.message).toMatch(/^Strict-Transport-Security lacks includeSubDomains/);

    const nginx = "server {\n  listen 443 ssl;\n  add_header X-Frame-Options \"DENY\" always;\n  add_header Content-Security-Policy \"default-src 'self'\" always;\n  add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;\n}\n";
    expect(summarise(await scanTree({ 'deploy/nginx/site.conf': nginx }, { policy }))).toEqual([]);
  });

  it('only a report-only CSP is not enough', async () => {
    const vercel = JSON.stringify({ headers: [{ source: '/(.*)', headers: [{ key: 'Content-Security-Policy-Report-Only', value: "default-src 'self'" }] }] }, null, 2);
    const report = await scanTree({ 'vercel.json': vercel }, { policy: required('      Content-Security-Policy: "*"\n') });
    expect(summarise(report)).toEqual(['headers/missing vercel.json:8']);
    expect(report.findings[0]?.message).toBe(
      'Only Content-Security-Policy-Report-Only is set (vercel.json), which reports violations but blocks nothing; the policy requires any value (security-policy.yml:6).',
    );
  });

  it('lists of acceptable values; `source` restricts where the check reads', async () => {
    const vercel = JSON.stringify({ headers: [{ source: '/(.*)', headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }] }] });
    expect(summarise(await scanTree({ 'vercel.json': vercel }, { policy: required('      X-Frame-Options: [DENY, SAMEORIGIN]\n') }))).toEqual([]);
    const elsewhere = { 'vercel.json': vercel, 'package.json': nextPkg, 'next.config.js': "module.exports = { async headers() { return [{ source: '/(.*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] }]; } };\n" };
    const report = await scanTree(elsewhere, { policy: `${required('      X-Frame-Options: DENY\n')}    source: next.config.js\n` });
    expect(summarise(report)).toEqual([]);
  });
});

describe('headers: what is not a web app', () => {
  it('a library with no server, no next.config and no hosting files has nothing to check', async () => {
    const pkg = JSON.stringify({ name: 'lib', devDependencies: { next: '15.0.0', vitest: '3.0.0' } });
    expect(summarise(await scanTree({ 'package.json': pkg, 'src/index.ts': 'export const x = 1;\n' }, { policy: POLICY }))).toEqual([]);
  });

  it('tests and fixtures that set headers do not count as configuration', async () => {
    const report = await scanTree(
      {
        'package.json': nextPkg,
        // Without X-Frame-Options nor the CSP's frame-ancestors, which would stand for it.
        'next.config.js': GOOD_NEXT_CONFIG.replace(/^import type.*$/m, '').replace(': NextConfig', '').replace("{ key: 'X-Frame-Options', value: 'DENY' },", '').replace("frame-ancestors 'none';", "base-uri 'self';"),
        'test/server.test.ts': "res.setHeader('X-Frame-Options', 'DENY');\n",
        '__fixtures__/next.config.js': "module.exports = { headers: async () => [{ source: '/', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] }] };\n",
      },
      { policy: POLICY },
    );
    expect(summarise(report)).toEqual(['headers/missing next.config.js:23']);
  });
});
