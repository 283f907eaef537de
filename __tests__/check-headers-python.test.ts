import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

/** A repository without a policy gets the recommended preset. */
const RECOMMENDED = 'version: 1\n';
const headers = (report: Awaited<ReturnType<typeof scanTree>>) => summarise(report).filter((f) => f.startsWith('headers/'));
const missing = (report: Awaited<ReturnType<typeof scanTree>>) =>
  report.findings.filter((f) => f.ruleId === 'headers/missing').map((f) => f.message.split(' is ')[0]).sort();

const settings = (extra: string[]) =>
  [
    'from pathlib import Path',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent',
    'DEBUG = False',
    'INSTALLED_APPS = [',
    '    "django.contrib.admin",',
    '    "django.contrib.auth",',
    '    "django.contrib.sessions",',
    '    "clinic.appointments",',
    ']',
    '',
    'MIDDLEWARE = [', // 12
    '    "django.middleware.security.SecurityMiddleware",',
    '    "django.contrib.sessions.middleware.SessionMiddleware",',
    '    "django.middleware.csrf.CsrfViewMiddleware",',
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
    '    "django.middleware.clickjacking.XFrameOptionsMiddleware",',
    ']',
    '',
    'SESSION_COOKIE_SECURE = True',
    ...extra,
    '',
  ].join('\n');

describe('headers: Django settings', () => {
  it('a Django app without HSTS or a CSP fails; its middleware defaults count for the rest', async () => {
    const root = { 'requirements.txt': 'Django==4.2.11\npsycopg[binary]==3.1.18\n', 'clinic/settings.py': settings([]) };
    const report = await scanTree(root, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(Array(3).fill('headers/missing clinic/settings.py:12'));
    expect(missing(report)).toEqual(['Content-Security-Policy', 'Permissions-Policy', 'Strict-Transport-Security']);
    expect(report.findings.find((f) => f.ruleId === 'headers/missing')?.help).toMatch(/^Django: SecurityMiddleware with `SECURE_HSTS_SECONDS`/);
    expect(report.checks.find((c) => c.id === 'headers')?.status).toBe('fail');
  });

  it('HSTS, django-csp 4 and X_FRAME_OPTIONS are read from the settings, wherever they are split', async () => {
    const root = {
      'pyproject.toml': '[project]\nname = "clinic"\ndependencies = ["django>=5.0", "django-csp>=4.0"]\n',
      'clinic/settings/base.py': settings(['X_FRAME_OPTIONS = "SAMEORIGIN"', 'SECURE_REFERRER_POLICY = "unsafe-url"']).replace(
        '    "django.middleware.clickjacking.XFrameOptionsMiddleware",',
        '    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n    "csp.middleware.CSPMiddleware",\n    "django_permissions_policy.PermissionsPolicyMiddleware",',
      ),
      'clinic/settings/production.py': [
        'from csp.constants import NONE, SELF, UNSAFE_INLINE',
        '',
        'from .base import *  # noqa',
        '',
        'SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365',
        'SECURE_HSTS_INCLUDE_SUBDOMAINS = True',
        'CONTENT_SECURITY_POLICY = {',
        '    "DIRECTIVES": {',
        '        "default-src": [SELF],',
        '        "script-src": [SELF, UNSAFE_INLINE, "https://maps.example.org"],',
        '        "object-src": [NONE],',
        '    },',
        '}',
        'PERMISSIONS_POLICY = {"geolocation": [], "camera": []}',
        '',
      ].join('\n'),
    };
    const report = await scanTree(root, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(['headers/weak-value clinic/settings/base.py:24', 'headers/csp-unsafe clinic/settings/production.py:7']);
    expect(report.findings.map((f) => f.message)).toEqual([
      'Referrer-Policy `unsafe-url` is looser than `strict-origin-when-cross-origin` (set by Django SECURE_REFERRER_POLICY (clinic/settings/base.py)); the policy requires `strict-origin-when-cross-origin` (preset:recommended).',
      "This Content-Security-Policy allows 'unsafe-inline' in script-src: injected scripts can run, which defeats the policy.",
    ]);
  });

  it('settings read from the environment are a notice, not a pass and not a guess', async () => {
    const root = {
      'requirements/base.txt': 'django~=4.2\ndjango-environ==0.11.2\n',
      'config/settings.py': settings(['import environ', 'env = environ.Env()', 'SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)', 'SECURE_HSTS_INCLUDE_SUBDOMAINS = True']),
    };
    const report = await scanTree(root, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(['headers/missing config/settings.py:12', 'headers/missing config/settings.py:12', 'headers/not-static config/settings.py:23']);
    expect(report.findings.find((f) => f.ruleId === 'headers/not-static')?.message).toMatch(/^Strict-Transport-Security is set \(Django SECURE_HSTS_SECONDS \(config\/settings\.py\)\) but its value is computed at run time/);
  });

  it('a Django project whose settings module cannot be found is not evaluated', async () => {
    const root = { 'requirements.txt': 'Django==5.0.6\n', 'app/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n' };
    const report = await scanTree(root, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual([]);
    const check = report.checks.find((c) => c.id === 'headers');
    expect(check?.rules.find((r) => r.id === 'headers/missing')?.status).toBe('not-evaluated');
    expect(check?.notEvaluated?.[0]).toMatch(/no reader for Django \(no settings module with MIDDLEWARE found\) \(requirements\.txt\)$/);
  });
});

describe('headers: Flask and FastAPI', () => {
  it('Flask-Talisman sends its defaults; what it is told to drop is missing', async () => {
    const app = [
      'from flask import Flask',
      'from flask_talisman import Talisman',
      '',
      'app = Flask(__name__)',
      'Talisman(app, content_security_policy=None, frame_options="DENY", strict_transport_security_max_age=63072000)',
      '',
    ].join('\n');
    const report = await scanTree({ 'requirements.txt': 'flask==3.0.3\nflask-talisman==1.1.0\n', 'board/app.py': app }, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(['headers/missing board/app.py:5']);
    expect(missing(report)).toEqual(['Content-Security-Policy']);
  });

  it('a Flask app (a subclass of Flask) whose after_request hook sets two headers: the rest is missing, not passed', async () => {
    const init = [
      'from flask import Flask',
      '',
      'class ScoreboardFlask(Flask):',
      '    pass',
      '',
      'def create_app():',
      '    app = ScoreboardFlask(__name__)', // 7
      '',
      '    @app.after_request',
      '    def harden(response):',
      '        response.headers["X-Content-Type-Options"] = "nosniff"',
      '        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"',
      '        return response',
      '',
      '    @app.route("/export")',
      '    def export():',
      '        response = make_response(render_export())',
      '        response.headers["Content-Security-Policy"] = "default-src \'none\'"',
      '        return response',
      '',
      '    return app',
      '',
    ].join('\n');
    const report = await scanTree({ 'scoreboard/__init__.py': init }, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(Array(5).fill('headers/missing scoreboard/__init__.py:7'));
    expect(missing(report)).toEqual(['Content-Security-Policy', 'Permissions-Policy', 'Referrer-Policy', 'Strict-Transport-Security', 'X-Frame-Options']);
    expect(report.findings.map((f) => f.message)).toContain(
      'Content-Security-Policy is set only on some routes (scoreboard/__init__.py, for the view export (@app.route("/export"))), not on every response; the policy requires any value (preset:recommended).',
    );
  });

  it('FastAPI: an http middleware covers every response', async () => {
    const main = [
      'from fastapi import FastAPI, Request',
      '',
      'app = FastAPI(title="Inventory")',
      '',
      '@app.middleware("http")',
      'async def security_headers(request: Request, call_next):',
      '    response = await call_next(request)',
      '    response.headers["X-Frame-Options"] = "DENY"',
      '    response.headers["X-Content-Type-Options"] = "nosniff"',
      '    response.headers["Content-Security-Policy"] = "default-src \'self\'; frame-ancestors \'none\'"',
      '    response.headers["Referrer-Policy"] = "no-referrer"',
      '    response.headers["Permissions-Policy"] = "camera=()"',
      '    return response',
      '',
    ].join('\n');
    const report = await scanTree({ 'backend/pyproject.toml': '[project]\nname = "inventory"\ndependencies = ["fastapi[standard]<1.0"]\n', 'backend/app/main.py': main }, { policy: RECOMMENDED, only: ['headers'] });
    expect(headers(report)).toEqual(['headers/missing backend/app/main.py:3']);
    expect(missing(report)).toEqual(['Strict-Transport-Security']);
  });
});
