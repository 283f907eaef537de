import { CheckTester, exactly } from './helpers/check-tester.js';

/** Only the CSP is required, so that each case shows only what it is about. */
const headers = new CheckTester('headers', {
  settings: {
    required: {
      'Content-Security-Policy': '*',
      ...Object.fromEntries(['Strict-Transport-Security', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy'].map((h) => [h, false])),
    },
  },
});

const pkg = JSON.stringify({ name: 'storefront', private: true, dependencies: { next: '15.0.3', react: '19.0.0' } });
const config = (lines: string[]) => [...lines, '', 'export default {', '  async headers() {', "    return [{ source: '/:path*', headers: [{ key: 'Content-Security-Policy', value: csp }] }];", '  },', '};', ''].join('\n');
const next = (lines: string[]) => ({ 'package.json': pkg, 'next.config.mjs': config(lines) });
const unsafe = (keyword: string) => exactly(`This Content-Security-Policy allows '${keyword}' in script-src: injected scripts can run, which defeats the policy.`);

const express = JSON.stringify({ name: 'api', dependencies: { express: '^4.21.1', helmet: '^7.1.0' } });
const server = [
  "import express from 'express';",
  "import helmet from 'helmet';",
  "import { trustedScriptHosts } from './config';",
  '',
  'const app = express();',
  'app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["\'self\'", ...trustedScriptHosts, "\'unsafe-eval\'"] } } }));',
  '',
].join('\n');

headers.run('a CSP with computed fragments still shows what is written', {
  valid: [
    {
      name: "'unsafe-inline' beside a computed nonce is ignored by browsers, and is not reported",
      files: next(['const nonce = globalThis.crypto.randomUUID();', "const csp = `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'unsafe-inline'`;"]),
    },
  ],
  invalid: [
    {
      name: "a literal 'unsafe-inline' next to a computed host is reported at its place",
      files: next(['const analytics = process.env.NEXT_PUBLIC_ANALYTICS_ORIGIN;', "const csp = `default-src 'self'; script-src 'self' ${analytics}'unsafe-inline'; img-src * data:`;"]),
      errors: [{ ruleId: 'headers/csp-unsafe', path: 'next.config.mjs', line: 2, message: unsafe('unsafe-inline') }],
    },
    {
      name: 'a directive list tidied with filter(Boolean).join: the production keywords count, the development-only ones do not',
      files: next([
        "const dev = process.env.NODE_ENV === 'development';",
        'const csp = [',
        '  "default-src \'self\'",',
        "  `script-src 'self' 'unsafe-inline' ${dev ? \"'unsafe-eval'\" : ''}`,",
        "  process.env.CSP_REPORT_URI ? `report-uri ${process.env.CSP_REPORT_URI}` : '',",
        "].filter(Boolean).join('; ');",
      ]),
      errors: [{ ruleId: 'headers/csp-unsafe', path: 'next.config.mjs', line: 4, message: unsafe('unsafe-inline') }],
    },
    {
      name: 'helmet directives with a spread of computed sources keep their literal keywords',
      files: { 'package.json': express, 'src/app.ts': server },
      errors: [{ ruleId: 'headers/csp-unsafe', path: 'src/app.ts', line: 6, message: unsafe('unsafe-eval') }],
    },
  ],
});
