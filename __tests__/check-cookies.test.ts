import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

const policy = (section = '\n    same-site: lax') => `version: 1\nextends: []\nchecks:\n  cookies: ${section}\n`;
const STRICT = policy('\n    same-site: strict\n    max-age: 86400');

describe('cookies: NextAuth', () => {
  it('flags turned off in explicit cookie options and useSecureCookies: false, on their lines', async () => {
    const file = [
      "import NextAuth, { type NextAuthOptions } from 'next-auth';", // 1
      "import GitHub from 'next-auth/providers/github';", // 2
      '', // 3
      'export const authOptions: NextAuthOptions = {', // 4
      '  providers: [GitHub({ clientId: process.env.GITHUB_ID!, clientSecret: process.env.GITHUB_SECRET! })],', // 5
      '  useSecureCookies: false,', // 6
      '  cookies: {', // 7
      '    sessionToken: {', // 8
      '      name: `next-auth.session-token`,', // 9
      "      options: { httpOnly: false, sameSite: 'none', path: '/', secure: true },", // 10
      '    },', // 11
      '  },', // 12
      '};', // 13
      '', // 14
      'export default NextAuth(authOptions);', // 15
      '',
    ].join('\n');
    const report = await scanTree({ 'pages/api/auth/[...nextauth].ts': file }, { policy: policy() });
    expect(summarise(report)).toEqual([
      'cookies/not-secure pages/api/auth/[...nextauth].ts:6',
      'cookies/not-http-only pages/api/auth/[...nextauth].ts:10',
      'cookies/same-site pages/api/auth/[...nextauth].ts:10',
    ]);
    expect(report.findings.map((f) => f.message)).toEqual([
      'The session cookie `next-auth.csrf-token` (NextAuth) is configured without Secure here: it can travel over plain HTTP.',
      'The session cookie `next-auth.session-token` (NextAuth cookies.sessionToken) is readable by page scripts: HttpOnly is turned off here.',
      'The session cookie `next-auth.session-token` (NextAuth cookies.sessionToken) is SameSite=none; the policy asks for SameSite=Lax or Strict (security-policy.yml:5).',
    ]);
    expect(report.findings[1]?.location).toMatchObject({ line: 10, column: 18, endColumn: 33 });
  });

  it('defaults pass the nextjs checklist; the web-app checklist wants Strict and 24 hours', async () => {
    const auth = "import NextAuth from 'next-auth';\nimport Google from 'next-auth/providers/google';\n\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n  providers: [Google],\n});\n";
    const root = { 'auth.ts': auth };
    expect(summarise(await scanTree(root, { policy: policy() }))).toEqual([]);
    const strict = await scanTree(root, { policy: STRICT });
    expect(summarise(strict)).toEqual(['cookies/max-age auth.ts:4', 'cookies/same-site auth.ts:4']);
    expect(strict.findings.map((f) => f.message)).toEqual([
      'The session cookie `next-auth.session-token` (NextAuth) lives 30 days (the default); the policy allows at most 1 day (security-policy.yml:6).',
      'The session cookie `next-auth.session-token` (NextAuth) is SameSite=lax by default; the policy asks for SameSite=Strict (security-policy.yml:5).',
    ]);
  });

  it('an Auth.js config that satisfies NextAuthConfig, with strict options and a short session, passes', async () => {
    const config = [
      "import type { NextAuthConfig } from 'next-auth';",
      '',
      'export default {',
      '  providers: [],',
      '  session: { strategy: "jwt", maxAge: 24 * 60 * 60 },',
      '  cookies: {',
      "    sessionToken: { name: '__Secure-authjs.session-token', options: { httpOnly: true, sameSite: 'strict', path: '/', secure: true } },",
      '  },',
      '} satisfies NextAuthConfig;',
      '',
    ].join('\n');
    expect(summarise(await scanTree({ 'auth.config.ts': config }, { policy: STRICT }))).toEqual([]);
  });
});

describe('cookies: express-session and cookie-session', () => {
  it('defaults: not Secure, no SameSite; explicit strict options pass', async () => {
    const bare = "import express from 'express';\nimport session from 'express-session';\n\nconst app = express();\napp.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));\n";
    const report = await scanTree({ 'src/app.ts': bare }, { policy: policy() });
    expect(summarise(report)).toEqual(['cookies/not-secure src/app.ts:5', 'cookies/same-site src/app.ts:5']);
    expect(report.findings.map((f) => [f.message, f.help])).toEqual([
      ['The session cookie `connect.sid` (express-session) is not Secure: the option is not set, and it is off by default.', 'Set `cookie.secure: true`.'],
      ['The session cookie `connect.sid` (express-session) has no SameSite attribute; the policy asks for SameSite=Lax or Strict (security-policy.yml:5).', "Set `cookie.sameSite: 'strict'`."],
    ]);

    const good = "const session = require('express-session');\napp.use(\n  session({\n    name: 'sid',\n    secret: process.env.SESSION_SECRET,\n    cookie: { secure: 'auto', httpOnly: true, sameSite: 'strict', maxAge: 24 * 60 * 60 * 1000 },\n  }),\n);\n";
    expect(summarise(await scanTree({ 'server.js': good }, { policy: STRICT }))).toEqual([]);
    const long = good.replace('maxAge: 24 * 60 * 60 * 1000', 'maxAge: 30 * 24 * 60 * 60 * 1000');
    const longReport = await scanTree({ 'server.js': long }, { policy: STRICT });
    expect(summarise(longReport)).toEqual(['cookies/max-age server.js:6']);
    expect(longReport.findings[0]?.help).toBe('Set `cookie.maxAge (milliseconds)` to at most 86400000.');
  });

  it('cookie-session with httpOnly turned off', async () => {
    const src = "import cookieSession from 'cookie-session';\napp.use(cookieSession({ name: 'session', keys: [key], secure: true, httpOnly: false, sameSite: 'lax' }));\n";
    expect(summarise(await scanTree({ 'src/server.ts': src }, { policy: policy() }))).toEqual(['cookies/not-http-only src/server.ts:2']);
  });

  it('options the check cannot read are a notice', async () => {
    const src = "import session from 'express-session';\nimport { sessionOptions } from './config';\napp.use(session(sessionOptions));\n";
    const report = await scanTree({ 'src/server.ts': src }, { policy: policy() });
    expect(summarise(report)).toEqual(['cookies/not-static src/server.ts:3']);
    expect(report.findings[0]?.severity).toBe('notice');
  });
});

describe('cookies: setters', () => {
  it('Next.js cookies().set and response.cookies.set, for session cookies only', async () => {
    const route = [
      "import { cookies } from 'next/headers';", // 1
      "import { NextResponse } from 'next/server';", // 2
      '', // 3
      'export async function POST(request: Request) {', // 4
      '  const token = await createSession(request);', // 5
      "  (await cookies()).set('session', token, { httpOnly: true, path: '/' });", // 6
      "  (await cookies()).set({ name: 'theme', value: 'dark' });", // 7
      "  // cookies().set('session', token);", // 8
      "  const response = NextResponse.json({ ok: true });", // 9
      "  response.cookies.set('auth-token', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'lax' });", // 10
      "  response.cookies.set('refresh_token', token, { secure: true, sameSite: 'strict' });", // 11
      "  (await cookies()).set('session', '', { maxAge: 0 });", // 12
      '  return response;', // 13
      '}', // 14
      '',
    ].join('\n');
    const report = await scanTree({ 'app/api/login/route.ts': route }, { policy: policy() });
    expect(summarise(report)).toEqual([
      'cookies/not-secure app/api/login/route.ts:6',
      'cookies/same-site app/api/login/route.ts:6',
      'cookies/not-http-only app/api/login/route.ts:11',
    ]);
    expect(report.findings[0]?.message).toBe('The session cookie `session` (cookies().set("session")) is not Secure: the option is not set, and it is off by default.');
  });

  it('Express res.cookie: maxAge in milliseconds, CSRF cookies need not be HttpOnly', async () => {
    const src = [
      "router.post('/login', async (req, res) => {",
      "  res.cookie('refresh_token', token, { httpOnly: true, secure: true, sameSite: 'strict', maxAge: 7 * 24 * 3600 * 1000 });",
      "  res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });",
      "  res.status(200).cookie('lang', 'en').json({ ok: true });",
      '});',
      '',
    ].join('\n');
    const report = await scanTree({ 'src/routes/auth.js': src }, { policy: STRICT });
    expect(summarise(report)).toEqual(['cookies/max-age src/routes/auth.js:2']);
    expect(report.findings[0]?.message).toBe('The session cookie `refresh_token` (res.cookie("refresh_token")) lives 7 days; the policy allows at most 1 day (security-policy.yml:6).');
  });
});

describe('cookies: Python frameworks', () => {
  it('Django settings with explicit values, and defaults', async () => {
    const settings = [
      'from pathlib import Path', // 1
      '', // 2
      'INSTALLED_APPS = ["django.contrib.sessions", "app"]', // 3
      'MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]', // 4
      'SESSION_COOKIE_SECURE = False  # TODO before launch', // 5
      "SESSION_COOKIE_SAMESITE = 'Strict'", // 6
      'SESSION_COOKIE_AGE = 60 * 60 * 24', // 7
      '',
    ].join('\n');
    const report = await scanTree({ 'config/settings.py': settings }, { policy: STRICT });
    expect(summarise(report)).toEqual(['cookies/not-secure config/settings.py:5']);
    const defaults = await scanTree({ 'config/settings.py': settings.split('\n').slice(0, 4).join('\n') }, { policy: STRICT });
    expect(summarise(defaults)).toEqual(['cookies/max-age config/settings.py:1', 'cookies/not-secure config/settings.py:1', 'cookies/same-site config/settings.py:1']);
  });

  it('Flask config and FastAPI set_cookie', async () => {
    const flask = "from flask import Flask\n\napp = Flask(__name__)\napp.config['SESSION_COOKIE_SECURE'] = True\napp.config.update(SESSION_COOKIE_SAMESITE='Lax')\n";
    expect(summarise(await scanTree({ 'app.py': flask }, { policy: policy() }))).toEqual([]);
    expect(summarise(await scanTree({ 'app.py': flask.replace("app.config.update(SESSION_COOKIE_SAMESITE='Lax')\n", '') }, { policy: policy() }))).toEqual(['cookies/same-site app.py:3']);

    const api = 'from fastapi import FastAPI, Response\n\n@app.post("/login")\ndef login(response: Response):\n    response.set_cookie(key="session_id", value=token, httponly=True, max_age=3600)\n    response.set_cookie("theme", "dark")\n';
    const report = await scanTree({ 'api/main.py': api }, { policy: STRICT });
    expect(summarise(report)).toEqual(['cookies/not-secure api/main.py:5', 'cookies/same-site api/main.py:5']);
    expect(report.findings[1]?.message).toBe('The session cookie `session_id` (set_cookie("session_id")) is SameSite=lax by default; the policy asks for SameSite=Strict (security-policy.yml:5).');
  });
});

describe('cookies: Koa', () => {
  it('ctx.cookies defaults: HttpOnly on, Secure by the request protocol; what is turned off is reported', async () => {
    // The shape of Outline's server/utils/authentication.ts and server/routes/auth/index.ts.
    const file = [
      "import type { Context } from 'koa';", // 1
      '', // 2
      'export function signIn(ctx: Context, jwtToken: string, sessions: string, expires: Date, domain?: string) {', // 3
      '  ctx.cookies.set("accessToken", jwtToken, {', // 4
      '    sameSite: "lax",', // 5
      '    expires,', // 6
      '  });', // 7
      '  ctx.cookies.set("sessions", sessions, {', // 8
      '    httpOnly: false,', // 9
      '    expires,', // 10
      '    domain,', // 11
      '  });', // 12
      '  ctx.cookies.set("auth_session", jwtToken, { secure: false, sameSite: "strict" });', // 13
      '}', // 14
      '',
    ].join('\n');
    const report = await scanTree({ 'server/utils/authentication.ts': file }, { policy: policy() });
    expect(summarise(report)).toEqual([
      'cookies/same-site server/utils/authentication.ts:8',
      'cookies/not-http-only server/utils/authentication.ts:9',
      'cookies/not-secure server/utils/authentication.ts:13',
    ]);
  });
});

describe("cookies: the policy's session-names run under the time budget (issue 16, item 6)", () => {
  const slowNames = (section: string) => `version: 1\nextends: []\nchecks:\n  cookies:\n    time-budget: 200\n    session-names: ["(a|aa)+$", "^sid$"]\n${section}`;

  it('a name a pattern cannot judge in time is reported, and the other names are still judged', async () => {
    const src = [
      "import express from 'express';",
      'const app = express();',
      "app.get('/', (req, res) => {",
      `  res.cookie('${'a'.repeat(60)}b', req.query.v, { httpOnly: false });`,
      "  res.cookie('sid', req.query.v, { secure: true, sameSite: 'lax' });",
      '});',
      '',
    ].join('\n');
    const report = await scanTree({ 'src/server.js': src }, { policy: slowNames('') });
    expect(summarise(report)).toEqual(['cookies/pattern-timeout src/server.js:4', 'cookies/not-http-only src/server.js:5']);
    // What no other cookie showed cannot pass: those rules could not look at the cookie left unjudged.
    const rules = report.checks.find((c) => c.id === 'cookies')?.rules ?? [];
    expect(rules.filter((r) => r.status === 'not-evaluated').map((r) => r.id)).toEqual(['cookies/not-secure', 'cookies/same-site', 'cookies/max-age']);
    expect(report.findings[0]?.message).toBe(
      `The session-names pattern checks.cookies.session-names[0] ran longer than 200 ms on the cookie name \`${'a'.repeat(60)}b\` and was stopped: the cookie is NOT checked as a session cookie.`,
    );
  }, 20_000);

  it('after 3 names over budget the pattern stops, and one finding counts the names it skipped', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`src/r${i}.js`] = `export function set(res) {\n  res.cookie('${'a'.repeat(50 + i)}b', 'x', { secure: false });\n}\n`;
    const report = await scanTree(files, { policy: slowNames('') });
    expect(summarise(report)).toEqual(['cookies/pattern-timeout security-policy.yml:6', 'cookies/pattern-timeout src/r0.js:2', 'cookies/pattern-timeout src/r1.js:2', 'cookies/pattern-timeout src/r2.js:2']);
    expect(report.findings[0]?.message).toBe(
      'The session-names pattern checks.cookies.session-names[0] ran longer than 200 ms on 3 cookie names, so it was stopped and not run on 2 more cookie names: they are NOT checked as session cookies.',
    );
  }, 20_000);
});
