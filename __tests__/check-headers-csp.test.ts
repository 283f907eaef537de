import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

/** Only the CSP is required, so that each case shows only what it is about. */
const POLICY = [
  'version: 1',
  'extends: []',
  'checks:',
  '  headers:',
  '    required:',
  '      Content-Security-Policy: "*"',
  ...['Strict-Transport-Security', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy'].map((h) => `      ${h}: false`),
  '',
].join('\n');

const pkg = JSON.stringify({ name: 'storefront', private: true, dependencies: { next: '15.0.3', react: '19.0.0' } });
const config = (lines: string[]) => [...lines, '', 'export default {', '  async headers() {', "    return [{ source: '/:path*', headers: [{ key: 'Content-Security-Policy', value: csp }] }];", '  },', '};', ''].join('\n');
const scan = async (lines: string[]) => {
  const report = await scanTree({ 'package.json': pkg, 'next.config.mjs': config(lines) }, { policy: POLICY });
  return { found: summarise(report), messages: report.findings.map((f) => f.message) };
};

describe('headers: a CSP with computed fragments still shows what is written', () => {
  it("a literal 'unsafe-inline' next to a computed host is reported at its place", async () => {
    const { found, messages } = await scan([
      'const analytics = process.env.NEXT_PUBLIC_ANALYTICS_ORIGIN;',
      "const csp = `default-src 'self'; script-src 'self' ${analytics}'unsafe-inline'; img-src * data:`;",
    ]);
    expect(found).toEqual(['headers/csp-unsafe next.config.mjs:2']);
    expect(messages).toEqual(["This Content-Security-Policy allows 'unsafe-inline' in script-src: injected scripts can run, which defeats the policy."]);
  });

  it('a directive list tidied with filter(Boolean).join: the production keywords count, the development-only ones do not', async () => {
    const { found, messages } = await scan([
      "const dev = process.env.NODE_ENV === 'development';",
      'const csp = [',
      '  "default-src \'self\'",',
      "  `script-src 'self' 'unsafe-inline' ${dev ? \"'unsafe-eval'\" : ''}`,",
      "  process.env.CSP_REPORT_URI ? `report-uri ${process.env.CSP_REPORT_URI}` : '',",
      "].filter(Boolean).join('; ');",
    ]);
    expect(found).toEqual(['headers/csp-unsafe next.config.mjs:4']);
    expect(messages[0]).toBe("This Content-Security-Policy allows 'unsafe-inline' in script-src: injected scripts can run, which defeats the policy.");
  });

  it("'unsafe-inline' beside a computed nonce is ignored by browsers, and is not reported", async () => {
    const { found } = await scan(["const nonce = globalThis.crypto.randomUUID();", "const csp = `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'unsafe-inline'`;"]);
    expect(found).toEqual([]);
  });

  it('helmet directives with a spread of computed sources keep their literal keywords', async () => {
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
    const report = await scanTree({ 'package.json': express, 'src/app.ts': server }, { policy: POLICY });
    expect(summarise(report)).toEqual(['headers/csp-unsafe src/app.ts:6']);
    expect(report.findings[0]?.message).toBe("This Content-Security-Policy allows 'unsafe-eval' in script-src: injected scripts can run, which defeats the policy.");
  });
});
