import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsOf } from '../src/checks/headers/index.js';
import { fetchHeaders, parseSetCookie, probeFindings, withProbeUrl } from '../src/checks/headers/probe.js';
import { main, type CliIo } from '../src/cli/main.js';
import type { Policy } from '../src/policy/types.js';
import { runActionAsync } from './helpers/action.js';
import { makeRepo, scanDir, summarise } from './helpers/repo.js';

const GOOD_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; object-src 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=()',
};
const SESSION_VALUE = 's%3AqX9v2LrT0pZ8mN4kB7wC1yD6eF3gH5jK.abcdefghijklmnop';

let base = '';
let stalled: ServerResponse[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  switch (req.url) {
    case '/good':
      res.writeHead(200, { ...GOOD_HEADERS, 'set-cookie': ['session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax', 'theme=dark; Path=/'] });
      return res.end('<html>ok</html>');
    case '/bad':
      res.writeHead(200, {
        'x-frame-options': 'SAMEORIGIN',
        'x-content-type-options': 'nosniff',
        'strict-transport-security': 'max-age=86400',
        'referrer-policy': 'no-referrer',
        'set-cookie': [`connect.sid=${SESSION_VALUE}; Path=/; HttpOnly`, 'XSRF-TOKEN=t0k3n; Path=/; Secure; SameSite=Strict'],
      });
      return res.end('ok');
    case '/long-cookie':
      res.writeHead(200, { ...GOOD_HEADERS, 'set-cookie': [`${'a'.repeat(60)}b=1; Path=/`, 'sid=2; Path=/; HttpOnly'] });
      return res.end('ok');
    case '/old':
      res.writeHead(301, { location: '/good' });
      return res.end();
    case '/away':
      res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/good' });
      return res.end();
    case '/protected':
      res.writeHead(401, { 'www-authenticate': 'Basic' });
      return res.end();
    case '/slow':
      stalled.push(res);
      return undefined;
    default:
      res.writeHead(404, GOOD_HEADERS);
      return res.end('not found');
  }
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of stalled) res.destroy();
  stalled = [];
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const requirements = requirementsOf({});
const probe = (path: string, timeoutMs = 5000, cookies: Record<string, unknown> = {}) => probeFindings(`${base}${path}`, requirements, cookies, { timeoutMs });

describe('live header probe', () => {
  it("the policy's session-names run under their time budget on the names a site sends", async () => {
    const findings = await probe('/long-cookie', 5000, { 'session-names': ['(a|aa)+$', '^sid$'], 'time-budget': 200 });
    expect(findings.map((f) => f.message)).toEqual([
      `${base}/long-cookie sets the session cookie \`sid\` without Secure (and it was sent over plain HTTP), SameSite.`,
      `The session-names pattern checks.cookies.session-names[0] ran longer than 200 ms on the cookie name \`${'a'.repeat(60)}b\` and was stopped: the cookie is NOT checked as a session cookie.`,
    ]);
  }, 20_000);

  it('a response with every header and well-flagged session cookies passes', async () => {
    expect(await probe('/good')).toEqual([]);
    // A 404 page of the app still carries its headers.
    expect(await probe('/missing-page')).toEqual([]);
  });

  it('reports missing and weak headers and session cookies without flags, never their values', async () => {
    const findings = await probe('/bad');
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['headers/probe-missing', `${base}/bad (status 200) answered without Content-Security-Policy; the policy requires any value.`],
      ['headers/probe-weak-value', `${base}/bad sends Strict-Transport-Security that max-age=86400 is shorter than 31536000; the policy requires \`max-age=31536000; includeSubDomains\`.`],
      ['headers/probe-weak-value', `${base}/bad sends X-Frame-Options that \`SAMEORIGIN\` is not \`DENY\`; the policy requires \`DENY\`.`],
      ['headers/probe-missing', `${base}/bad (status 200) answered without Permissions-Policy; the policy requires any value.`],
      ['headers/probe-cookie', `${base}/bad sets the session cookie \`connect.sid\` without Secure (and it was sent over plain HTTP), SameSite.`],
    ]);
    expect(findings.every((f) => JSON.stringify(f.policyPath) === '["checks","headers","probe-url"]')).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(SESSION_VALUE);
    const strict = await probe('/good', 5000, { 'same-site': 'strict' });
    expect(strict.map((f) => f.message)).toEqual([`${base}/good sets the session cookie \`session\` without SameSite=Strict (it is Lax).`]);
  });

  it('follows redirects within the host only', async () => {
    expect(await probe('/old')).toEqual([]);
    const away = await probe('/away');
    expect(away.map((f) => [f.ruleId, f.message])).toEqual([
      ['headers/probe-failed', `The probe of ${base}/away failed: it redirects to another host (${base.replace('http://127.0.0.1', 'localhost')}), which is not followed. Its headers are not verified.`],
    ]);
  });

  it('protected pages, timeouts, refused connections and bad URLs fail loudly', async () => {
    expect((await probe('/protected')).map((f) => f.message)).toEqual([`${base}/protected answered 401, an authentication wall (a protected preview deployment?), so the app's headers are not verified.`]);
    expect((await probe('/slow', 300)).map((f) => f.message)).toEqual([`The probe of ${base}/slow failed: no answer within 300 ms. Its headers are not verified.`]);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await probeFindings(`http://127.0.0.1:${port}/`, requirements, {}, { timeoutMs: 2000 });
    expect(refused.map((f) => f.message)).toEqual([`The probe of http://127.0.0.1:${port}/ failed: ECONNREFUSED. Its headers are not verified.`]);
    await expect(fetchHeaders('ftp://example.com/', { timeoutMs: 100 })).rejects.toThrow('only http and https URLs can be probed, not ftp:');
  });

  it('plain HTTP on a real host is reported (through an injected fetch: no network in tests)', async () => {
    const fetchImpl = (async () => new Response('ok', { status: 200, headers: GOOD_HEADERS })) as typeof fetch;
    const findings = await probeFindings('http://staging.example.com/', requirements, {}, { timeoutMs: 1000, fetchImpl });
    expect(findings.map((f) => f.message)).toEqual(['http://staging.example.com/ is served over plain HTTP without a redirect to HTTPS.']);
  });

  it('parses Set-Cookie flags without keeping values', () => {
    expect(parseSetCookie('__Host-sid=secret; Path=/; Secure; HttpOnly; SameSite=None')).toEqual({ name: '__Host-sid', secure: true, httpOnly: true, sameSite: 'None' });
  });
});

describe('the probe through a scan', () => {
  it('probe-url in the policy; findings are annotated on that line', async () => {
    const root = makeRepo({ 'README.md': '# app\n' });
    const report = await scanDir(root, { policy: `version: 1\nextends: []\nchecks:\n  headers:\n    probe-url: ${base}/bad\n    probe-timeout: 5000\n` });
    expect(summarise(report)).toEqual([
      'headers/probe-cookie security-policy.yml:5',
      'headers/probe-missing security-policy.yml:5',
      'headers/probe-missing security-policy.yml:5',
      'headers/probe-weak-value security-policy.yml:5',
      'headers/probe-weak-value security-policy.yml:5',
    ]);
  });

  it('withProbeUrl sets the URL from an action input', () => {
    const policy = { checks: { headers: { required: { 'X-Frame-Options': 'DENY' } } } } as unknown as Policy;
    withProbeUrl(policy, 'https://preview.example.com');
    expect(policy.checks.headers).toEqual({ required: { 'X-Frame-Options': 'DENY' }, 'probe-url': 'https://preview.example.com/' });
    expect(() => withProbeUrl(policy, 'preview.example.com')).toThrow('probe-url must be an http(s) URL, not "preview.example.com"');
    expect(() => withProbeUrl(policy, 'file:///etc/passwd')).toThrow('http(s) URL');
    expect(() => withProbeUrl(policy, 'https://user:hunter2@preview.example.com')).toThrow('must not carry credentials');
    const none = { checks: {} } as unknown as Policy;
    withProbeUrl(none, undefined);
    expect(none.checks).toEqual({});
  });

  it('the CLI option --probe-url overrides the policy, and refuses what is not an http(s) URL', async () => {
    const root = makeRepo({ 'README.md': '# app\n', 'security-policy.yml': `version: 1\nextends: []\nchecks:\n  headers:\n    probe-url: ${base}/good\n` });
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: root, env: {} };
    expect(await main(['scan', '--format', 'json', '--probe-url', `${base}/bad`], io)).toBe(1);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['headers/probe-cookie', 'headers/probe-missing', 'headers/probe-missing', 'headers/probe-weak-value', 'headers/probe-weak-value']);
    expect(findings[0]?.message).toContain(`${base}/bad`);
    stdout = '';
    expect(await main(['scan', '--probe-url', 'staging'], io)).toBe(2);
    expect(stderr).toContain('probe-url must be an http(s) URL, not "staging"');
  });

  it('the action input probe-url: a preview deployment known only to the workflow', async () => {
    const workspace = makeRepo({ 'README.md': '# app\n', 'security-policy.yml': 'version: 1\nextends: []\nchecks:\n  headers: {}\n' });
    const run = await runActionAsync({ workspace, inputs: { 'probe-url': `${base}/bad` } });
    expect(run.outputs.conclusion).toBe('failure');
    expect(run.stdout).toContain('headers/probe-missing');
    expect(run.stdout).not.toContain(SESSION_VALUE);
    const good = await runActionAsync({ workspace, inputs: { 'probe-url': `${base}/good` } });
    expect(good.outputs.conclusion).toBe('success');
  });
});
