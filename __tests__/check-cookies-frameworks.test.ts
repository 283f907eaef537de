import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

const POLICY = 'version: 1\nextends: []\nchecks:\n  cookies: {}\n';
const scan = (files: Record<string, string>) => scanTree(files, { policy: POLICY, only: ['cookies'] });

describe('cookies: SvelteKit', () => {
  it("cookies.set defaults to HttpOnly, Secure and SameSite=Lax; what is turned off is still reported", async () => {
    const action = [
      "import { fail, redirect } from '@sveltejs/kit';",
      "import type { Actions } from './$types';",
      '',
      'export const actions: Actions = {',
      '  default: async ({ cookies, request, locals }) => {',
      '    const data = await request.formData();',
      "    const user = await locals.api.login(data.get('email'), data.get('password'));",
      "    if (!user) return fail(401, { error: 'invalid credentials' });",
      "    cookies.set('session_token', user.token, { path: '/' });",
      "    cookies.set('remember_me', '1', { path: '/', httpOnly: false, maxAge: 60 * 60 * 24 * 30 });",
      "    redirect(303, '/');",
      '  },',
      '};',
      '',
    ].join('\n');
    const report = await scan({ 'src/routes/login/+page.server.ts': action });
    expect(summarise(report)).toEqual(['cookies/not-http-only src/routes/login/+page.server.ts:10']);
    const hooks = "export async function handle({ event, resolve }) {\n  event.cookies.set('jwt', await refresh(event), { path: '/', sameSite: 'strict' });\n  return resolve(event);\n}\n";
    expect(summarise(await scan({ 'src/hooks.server.js': hooks }))).toEqual([]);
  });
});

describe('cookies: options that are computed or shared', () => {
  it('a class field spread into the options is read', async () => {
    const service = [
      "import { Injectable } from '@nestjs/common';",
      "import type { CookieOptions, Response } from 'express';",
      '',
      '@Injectable()',
      'export class SessionService {',
      '  private readonly cookieOptions: CookieOptions = {',
      "    sameSite: 'lax',",
      '    httpOnly: true,',
      "    path: '/',",
      '    secure: this.config.get<boolean>("https"),',
      '  };',
      '',
      '  constructor(private readonly config: ConfigService) {}',
      '',
      '  issue(res: Response, sid: string, expires: Date) {',
      "    res.cookie('app_session', sid, { ...this.cookieOptions, expires });",
      '  }',
      '}',
      '',
    ].join('\n');
    expect(summarise(await scan({ 'apps/server/src/session/session.service.ts': service }))).toEqual([]);
    const loose = service.replace('    httpOnly: true,\n', '');
    expect(summarise(await scan({ 'apps/server/src/session/session.service.ts': loose }))).toEqual(['cookies/not-http-only apps/server/src/session/session.service.ts:15']);
  });

  it('options an imported helper returns are read in its module', async () => {
    const helper = (httpOnly: string) =>
      [
        "import { env } from '@/env.mjs';",
        '',
        "const useSecureCookies = () => env.NEXTAUTH_URL.startsWith('https://');",
        '',
        'export const cookieOptions = () => ({',
        `  httpOnly: ${httpOnly},`,
        "  sameSite: 'lax' as const,",
        "  path: env.BASE_PATH || '/',",
        '  secure: useSecureCookies(),',
        '});',
        '',
      ].join('\n');
    const auth = [
      "import type { NextAuthOptions } from 'next-auth';",
      "import { cookieOptions } from '@/server/cookie-options';",
      '',
      'export const authOptions: NextAuthOptions = {',
      '  providers: [],',
      '  cookies: {',
      "    sessionToken: { name: 'portal.session-token', options: cookieOptions() },",
      "    csrfToken: { name: 'portal.csrf-token', options: cookieOptions() },",
      '  },',
      '};',
      '',
    ].join('\n');
    expect(summarise(await scan({ 'web/src/server/auth.ts': auth, 'web/src/server/cookie-options.ts': helper('true') }))).toEqual([]);
    const loose = await scan({ 'web/src/server/auth.ts': auth, 'web/src/server/cookie-options.ts': helper('false') });
    expect(summarise(loose)).toEqual(['cookies/not-http-only web/src/server/cookie-options.ts:6']);
    expect(loose.findings[0]?.message).toBe('The session cookie `portal.session-token` (NextAuth cookies.sessionToken) is readable by page scripts: HttpOnly is turned off here.');
    // Without the module, the options cannot be read: a notice per cookie, not a failure.
    expect(summarise(await scan({ 'web/src/server/auth.ts': auth }))).toEqual(['cookies/not-static web/src/server/auth.ts:7', 'cookies/not-static web/src/server/auth.ts:8']);
  });

  it('options spread from another module are a notice, not a failure', async () => {
    const route = "import { sessionCookie } from '../lib/cookie-defaults';\n\nexport function login(res, token) {\n  res.cookie('auth_token', token, { ...sessionCookie, maxAge: 3_600_000 });\n}\n";
    const report = await scan({ 'server/routes/login.js': route });
    expect(summarise(report)).toEqual(['cookies/not-static server/routes/login.js:4']);
    expect(report.findings[0]?.severity).toBe('notice');
  });
});

describe('cookies: Django, Flask, Rails, Laravel', () => {
  it("Django's CSRF cookie, when CsrfViewMiddleware sets one, needs CSRF_COOKIE_SECURE", async () => {
    const settings = (extra: string) =>
      [
        'INSTALLED_APPS = ["django.contrib.sessions", "billing"]',
        'MIDDLEWARE = [',
        '    "django.contrib.sessions.middleware.SessionMiddleware",',
        '    "django.middleware.csrf.CsrfViewMiddleware",',
        ']',
        'SESSION_COOKIE_SECURE = True',
        extra,
        '',
      ].join('\n');
    const report = await scan({ 'billing/settings.py': settings('') });
    expect(summarise(report)).toEqual(['cookies/not-secure billing/settings.py:1']);
    expect(report.findings[0]?.message).toBe('The session cookie `csrftoken` (Django CSRF settings) is not Secure: the option is not set, and it is off by default.');
    expect(summarise(await scan({ 'billing/settings.py': settings('CSRF_COOKIE_SECURE = True') }))).toEqual([]);
    expect(summarise(await scan({ 'billing/settings.py': settings('CSRF_USE_SESSIONS = True') }))).toEqual([]);
  });

  it('a Flask subclass whose config class never sets SESSION_COOKIE_SECURE', async () => {
    const config = 'class ServerConfig:\n    SESSION_COOKIE_HTTPONLY: bool = True\n    SESSION_COOKIE_SAMESITE: str = "Lax"\n    PERMANENT_SESSION_LIFETIME: int = 604800\n';
    const app = 'from flask import Flask\n\n\nclass ArenaFlask(Flask):\n    pass\n\n\ndef create_app():\n    app = ArenaFlask(__name__)\n    app.config.from_object("arena.config.ServerConfig")\n    return app\n';
    const report = await scan({ 'arena/config.py': config, 'arena/__init__.py': app });
    expect(summarise(report)).toEqual(['cookies/not-secure arena/__init__.py:9']);
  });

  it('Rails: force_ssl makes the session cookie Secure; without it, or with same_site: :none, it is reported', async () => {
    const files = (production: string, store: string) => ({
      'config/application.rb': 'module Forum\n  class Application < Rails::Application\n    config.load_defaults 7.0\n  end\nend\n',
      'config/environments/production.rb': `Rails.application.configure do\n${production}end\n`,
      'config/initializers/session_store.rb': store,
    });
    const store = 'Rails.application.config.session_store :cookie_store,\n  key: "_forum_session",\n  expire_after: 14.days\n';
    expect(summarise(await scan(files('  config.force_ssl = true\n', store)))).toEqual([]);
    expect(summarise(await scan(files('  config.log_level = :info\n', store)))).toEqual(['cookies/not-secure config/initializers/session_store.rb:1']);
    const none = await scan(files('  config.force_ssl = true\n', store.replace('expire_after: 14.days', 'expire_after: 14.days,\n  same_site: :none')));
    expect(summarise(none)).toEqual(['cookies/same-site config/initializers/session_store.rb:4']);
  });

  it("Laravel: 'secure' => false and 'same_site' => null in config/session.php", async () => {
    const session = (secure: string, sameSite: string) =>
      `<?php\n\nreturn [\n    'driver' => env('SESSION_DRIVER', 'database'),\n    'lifetime' => 120,\n    'secure' => ${secure},\n    'http_only' => true,\n    'same_site' => ${sameSite},\n];\n`;
    expect(summarise(await scan({ 'config/session.php': session('false', 'null') }))).toEqual(['cookies/not-secure config/session.php:6', 'cookies/same-site config/session.php:8']);
    expect(summarise(await scan({ 'config/session.php': session("env('SESSION_SECURE_COOKIE')", "'lax'") }))).toEqual([]);
  });
});
