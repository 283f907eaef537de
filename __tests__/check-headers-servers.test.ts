import { describe, expect, it } from 'vitest';
import { scanTree, summarise } from './helpers/check-tester.js';

const RECOMMENDED = 'version: 1\n';
const scan = (files: Record<string, string>) => scanTree(files, { policy: RECOMMENDED, only: ['headers'] });
const missing = (report: Awaited<ReturnType<typeof scanTree>>) =>
  report.findings.filter((f) => f.ruleId === 'headers/missing').map((f) => f.message.split(' is ')[0]).sort();

describe('headers: Rails', () => {
  const rails = (csp: string) => ({
    Gemfile: 'source "https://rubygems.org"\n\ngem "rails", "~> 7.1.3"\ngem "puma"\n',
    'Gemfile.lock': 'GEM\n  remote: https://rubygems.org/\n  specs:\n    actionpack (7.1.3.4)\n    rails (7.1.3.4)\n',
    'config/application.rb': 'require_relative "boot"\nrequire "rails/all"\n\nmodule Ledger\n  class Application < Rails::Application\n    config.load_defaults 7.1\n  end\nend\n',
    'config/environments/production.rb': 'Rails.application.configure do\n  config.force_ssl = true\n  config.log_level = :info\nend\n',
    'config/environments/development.rb': 'Rails.application.configure do\n  config.force_ssl = false\nend\n',
    'config/initializers/content_security_policy.rb': csp,
  });
  const generated = [
    '# Be sure to restart your server when you modify this file.',
    '',
    '# Define an application-wide content security policy.',
    '# See the Securing Rails Applications Guide for more information:',
    '# https://guides.rubyonrails.org/security.html#content-security-policy-header',
    '',
    '# Rails.application.configure do',
    '#   config.content_security_policy do |policy|',
    '#     policy.default_src :self, :https',
    '#     policy.script_src  :self, :https',
    '#   end',
    '# end',
    '',
  ].join('\n');

  it('a CSP initializer left commented out is no CSP; force_ssl and the default headers count', async () => {
    const report = await scan(rails(generated));
    expect(summarise(report)).toEqual(['headers/missing config/application.rb:5', 'headers/missing config/application.rb:5']);
    expect(missing(report)).toEqual(['Content-Security-Policy', 'Permissions-Policy']);
  });

  it('an active initializer is read: symbols become keywords, a nonce generator neutralises unsafe-inline', async () => {
    const active = (nonce: boolean) =>
      [
        'Rails.application.configure do',
        '  config.content_security_policy do |policy|',
        '    policy.default_src :self',
        '    policy.img_src     :self, :https, :data',
        '    policy.script_src  :self, :unsafe_inline, "https://js.stripe.com"',
        '    policy.frame_ancestors :none',
        '  end',
        ...(nonce ? ['  config.content_security_policy_nonce_generator = ->(request) { SecureRandom.base64(16) }'] : []),
        'end',
        '',
        'Rails.application.config.permissions_policy do |policy|',
        '  policy.camera :none',
        'end',
        '',
      ].join('\n');
    const unsafe = await scan(rails(active(false)));
    expect(summarise(unsafe)).toEqual(['headers/csp-unsafe config/initializers/content_security_policy.rb:2']);
    expect(unsafe.findings[0]?.message).toBe("This Content-Security-Policy allows 'unsafe-inline' in script-src: injected scripts can run, which defeats the policy.");
    expect(summarise(await scan(rails(active(true))))).toEqual([]);
  });

  it('force_ssl off in production and default_headers emptied leave HSTS and X-Frame-Options missing', async () => {
    const files = rails(generated.replace(/^# ?/gm, ''));
    files['config/environments/production.rb'] = 'Rails.application.configure do\n  config.force_ssl = false\nend\n';
    files['config/application.rb'] = files['config/application.rb']?.replace('config.load_defaults 7.1', 'config.load_defaults 7.1\n    config.action_dispatch.default_headers = {\n      "X-Content-Type-Options" => "nosniff",\n      "Referrer-Policy" => "same-origin"\n    }') ?? '';
    const report = await scan(files);
    expect(missing(report)).toEqual(['Permissions-Policy', 'Strict-Transport-Security', 'X-Frame-Options']);
  });
});

describe('headers: Laravel', () => {
  it('a middleware sets headers for every route; a controller only for its responses', async () => {
    const report = await scan({
      'composer.json': JSON.stringify({ name: 'acme/helpdesk', require: { php: '^8.2', 'laravel/framework': '^11.9' } }, null, 2),
      'app/Http/Middleware/SecurityHeaders.php': [
        '<?php',
        '',
        'namespace App\\Http\\Middleware;',
        '',
        'use Closure;',
        'use Illuminate\\Http\\Request;',
        '',
        'class SecurityHeaders',
        '{',
        '    public function handle(Request $request, Closure $next)',
        '    {',
        '        $response = $next($request);',
        "        $response->headers->set('X-Frame-Options', 'DENY');",
        "        $response->headers->set('X-Content-Type-Options', 'nosniff');",
        "        $response->headers->set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');",
        "        $response->headers->set('Referrer-Policy', 'strict-origin-when-cross-origin');",
        '        return $response;',
        '    }',
        '}',
        '',
      ].join('\n'),
      'app/Http/Controllers/AttachmentController.php': [
        '<?php',
        '',
        'namespace App\\Http\\Controllers;',
        '',
        'class AttachmentController extends Controller',
        '{',
        '    public function show(string $id)',
        '    {',
        '        return response()->file(storage_path("attachments/{$id}"), [',
        "            'Content-Security-Policy' => \"default-src 'none'; sandbox\",",
        '        ]);',
        '    }',
        '}',
        '',
      ].join('\n'),
    });
    expect(summarise(report)).toEqual(['headers/missing composer.json:1', 'headers/missing composer.json:1']);
    expect(missing(report)).toEqual(['Content-Security-Policy', 'Permissions-Policy']);
    expect(report.findings.map((f) => f.message)).toContain(
      'Content-Security-Policy is set only on some routes (app/Http/Controllers/AttachmentController.php, for its own responses), not on every response; the policy requires any value (preset:recommended).',
    );
  });
});

describe('headers: Go', () => {
  const goMod = 'module example.com/pastebin\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n';

  it('a Go server that sets no headers fails', async () => {
    const main = 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/p/:id", showPaste)\n\tr.Run(":8080")\n}\n';
    const report = await scan({ 'go.mod': goMod, 'main.go': main, 'handlers.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc showPaste(c *gin.Context) {\n\tc.String(200, "paste")\n}\n' });
    expect(summarise(report)).toEqual(Array(6).fill('headers/missing go.mod:1'));
    expect(report.findings[0]?.help).toMatch(/^Set it in a middleware that wraps every handler/);
  });

  it('middleware that calls the next handler covers every route; a handler only its own response', async () => {
    const server = [
      'package server',
      '',
      'import "net/http"',
      '',
      'const csp = "default-src \'self\'; frame-ancestors \'none\'"',
      '',
      'func securityHeaders(next http.Handler) http.Handler {',
      '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
      '\t\tw.Header().Set("Content-Security-Policy", csp)',
      '\t\tw.Header().Set("X-Content-Type-Options", "nosniff")',
      '\t\tw.Header().Set("Referrer-Policy", "same-origin")',
      '\t\tnext.ServeHTTP(w, r)',
      '\t})',
      '}',
      '',
      'func serveRaw(w http.ResponseWriter, r *http.Request) {',
      '\tw.Header().Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")',
      '\tw.Write([]byte("raw"))',
      '}',
      '',
      'func Run() error {',
      '\tmux := http.NewServeMux()',
      '\tmux.HandleFunc("/raw/", serveRaw)',
      '\treturn http.ListenAndServe(":8080", securityHeaders(mux))',
      '}',
      '',
    ].join('\n');
    const report = await scan({ 'go.mod': 'module example.com/paste\n\ngo 1.22\n', 'internal/server/server.go': server });
    expect(summarise(report)).toEqual(['headers/missing internal/server/server.go:24', 'headers/missing internal/server/server.go:24']);
    expect(missing(report)).toEqual(['Permissions-Policy', 'Strict-Transport-Security']);
  });

  it('a helper that handlers call (h := c.Response().Header()) covers their responses only', async () => {
    const files = [
      'package fileserver',
      '',
      'import "github.com/labstack/echo/v4"',
      '',
      '// hardenAttachment is called by the attachment handlers.',
      'func hardenAttachment(c echo.Context) {',
      '\th := c.Response().Header()',
      '\th.Set("X-Content-Type-Options", "nosniff")',
      '\th.Set(echo.HeaderContentSecurityPolicy, "default-src \'none\'; sandbox")',
      '}',
      '',
    ].join('\n');
    const report = await scan({ 'go.mod': 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.12.0\n', 'server/fileserver/attachments.go': files });
    expect(summarise(report)).toEqual(Array(6).fill('headers/missing go.mod:1'));
    expect(report.findings.map((f) => f.message)).toContain(
      'Content-Security-Policy is set only on some routes (server/fileserver/attachments.go, in a handler, not in middleware), not on every response; the policy requires any value (preset:recommended).',
    );
  });

  it('a value computed by a call (a CSP built per request with its nonce) is set, not missing', async () => {
    const middleware = [
      'package web',
      '',
      'import (',
      '\t"fmt"',
      '\t"github.com/gin-gonic/gin"',
      ')',
      '',
      'func buildPolicy(nonce string) string {',
      '\treturn fmt.Sprintf("default-src \'self\'; script-src \'nonce-%s\'; frame-ancestors \'none\'", nonce)',
      '}',
      '',
      'func Harden() gin.HandlerFunc {',
      '\treturn func(c *gin.Context) {',
      '\t\tnonce := newNonce()',
      '\t\tc.Writer.Header().Set("Content-Security-Policy", buildPolicy(nonce))',
      '\t\tc.Writer.Header().Set("X-Frame-Options", fmt.Sprintf("%s", "DENY"))',
      '\t\tc.Next()',
      '\t}',
      '}',
      '',
    ].join('\n');
    const report = await scan({ 'go.mod': goMod, 'internal/web/harden.go': middleware });
    expect(missing(report)).not.toContain('Content-Security-Policy');
    expect(missing(report)).not.toContain('X-Frame-Options');
  });

  it('echo Secure middleware defaults and unrolled/secure options', async () => {
    const echo = 'package main\n\nimport (\n\t"github.com/labstack/echo/v4"\n\t"github.com/labstack/echo/v4/middleware"\n)\n\nfunc main() {\n\te := echo.New()\n\te.Use(middleware.Secure())\n\te.Logger.Fatal(e.Start(":1323"))\n}\n';
    const report = await scan({ 'go.mod': 'module example.com/notes\n\ngo 1.22\n\nrequire github.com/labstack/echo/v4 v4.12.0\n', 'main.go': echo });
    expect(missing(report)).toEqual(['Content-Security-Policy', 'Permissions-Policy', 'Referrer-Policy', 'Strict-Transport-Security']);

    const unrolled = 'package main\n\nimport "github.com/unrolled/secure"\n\nvar sec = secure.New(secure.Options{\n\tFrameDeny:          true,\n\tContentTypeNosniff: true,\n\tSTSSeconds:         300,\n\tContentSecurityPolicy: "default-src \'self\'",\n})\n';
    const weak = await scan({ 'go.mod': 'module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n', 'cmd/api/secure.go': unrolled });
    expect(summarise(weak)).toContain('headers/weak-value cmd/api/secure.go:5');
    expect(missing(weak)).toEqual(['Permissions-Policy', 'Referrer-Policy']);
  });
});

describe('headers: frameworks it cannot read', () => {
  it('a Spring Boot service alone is not evaluated, never passed', async () => {
    const pom = '<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n';
    const report = await scan({ 'pom.xml': pom, 'src/main/java/com/acme/App.java': 'package com.acme;\n\npublic class App {}\n' });
    expect(summarise(report)).toEqual([]);
    const check = report.checks.find((c) => c.id === 'headers');
    expect(check?.status).toBe('not-evaluated');
    expect(check?.notEvaluated?.[0]).toMatch(/: not set anywhere the check reads, and it has no reader for a JVM web framework .* \(pom\.xml\)$/);
  });

  it('a header-auditing CLI whose code holds a table of expected headers is not a web app, and is not passed', async () => {
    const expected = [
      'export const EXPECTED: Record<string, string> = {',
      "  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',",
      "  'X-Frame-Options': 'DENY',",
      "  'X-Content-Type-Options': 'nosniff',",
      "  'Referrer-Policy': 'no-referrer',",
      "  'Permissions-Policy': 'camera=()',",
      "  'Content-Security-Policy': \"default-src 'self'\",",
      '};',
      '',
    ].join('\n');
    const pkg = JSON.stringify({ name: 'header-audit', bin: { 'header-audit': 'dist/cli.js' }, dependencies: { undici: '^6.19.0' } });
    const report = await scan({ 'package.json': pkg, 'src/expected.ts': expected, 'src/cli.ts': "import { EXPECTED } from './expected';\nconsole.log(Object.keys(EXPECTED));\n" });
    expect(summarise(report)).toEqual([]);
    expect(report.checks.find((c) => c.id === 'headers')?.status).toBe('not-evaluated');
  });

  it('a repository with no web app says so', async () => {
    const report = await scan({ 'package.json': JSON.stringify({ name: 'left-pad-ng', main: 'index.js' }), 'index.js': 'module.exports = (s, n) => s.padStart(n);\n' });
    expect(report.checks.find((c) => c.id === 'headers')).toMatchObject({ status: 'not-evaluated', notEvaluated: ['no web app found: no web framework in a manifest, no Next.js, hosting or server configuration'] });
  });
});

describe('headers: Nuxt and SvelteKit', () => {
  it('nuxt-security sends its defaults; its HSTS of 180 days is shorter than a year', async () => {
    const config = "export default defineNuxtConfig({\n  modules: ['@pinia/nuxt', 'nuxt-security'],\n  security: {\n    headers: {\n      permissionsPolicy: { camera: [], geolocation: [] },\n    },\n  },\n})\n";
    const report = await scan({ 'package.json': JSON.stringify({ dependencies: { nuxt: '^3.12.0', 'nuxt-security': '^2.0.0' } }), 'nuxt.config.ts': config });
    expect(summarise(report)).toEqual(['headers/weak-value nuxt.config.ts:1']);
    expect(report.findings[0]?.message).toBe('Strict-Transport-Security max-age=15552000 is shorter than 31536000 (set by nuxt-security defaults); the policy requires `max-age=31536000; includeSubDomains` (preset:recommended).');
  });

  it('nuxt-security listed through a spread, its options imported, or turned off', async () => {
    const pkg = JSON.stringify({ dependencies: { nuxt: '^3.13.0', 'nuxt-security': '^2.1.0' } });
    const spread = [
      "const baseModules = ['@vueuse/nuxt', '@nuxtjs/i18n'];",
      '',
      'export default defineNuxtConfig({',
      "  modules: [...baseModules, ...(process.env.E2E ? [] : ['nuxt-security'])],",
      '  security: {',
      '    rateLimiter: false,',
      '    headers: {',
      '      strictTransportSecurity: { maxAge: 63072000, includeSubdomains: true, preload: true },',
      '      crossOriginEmbedderPolicy: false,',
      "      contentSecurityPolicy: { 'img-src': [\"'self'\", 'data:', 'https:'] },",
      '    },',
      '  },',
      '})',
      '',
    ].join('\n');
    expect(summarise(await scan({ 'package.json': pkg, 'nuxt.config.ts': spread }))).toEqual([]);
    const imported = "import { securityOptions } from './config/security';\n\nexport default defineNuxtConfig({\n  modules: ['nuxt-security'],\n  security: securityOptions,\n})\n";
    const notices = await scan({ 'package.json': pkg, 'nuxt.config.ts': imported });
    expect(summarise(notices)).toEqual(Array(6).fill('headers/not-static nuxt.config.ts:3'));
    const off = "export default defineNuxtConfig({\n  modules: ['nuxt-security'],\n  security: { enabled: false },\n})\n";
    expect(missing(await scan({ 'package.json': pkg, 'nuxt.config.ts': off }))).toHaveLength(6);
  });

  it('a Nuxt app without nuxt-security and without route rules sets nothing', async () => {
    const report = await scan({ 'package.json': JSON.stringify({ dependencies: { nuxt: '^3.12.0' } }), 'nuxt.config.ts': "export default defineNuxtConfig({ modules: ['@nuxt/ui'] })\n" });
    expect(missing(report)).toHaveLength(6);
  });

  it("SvelteKit's kit.csp is the pages' CSP, with SvelteKit's own nonce", async () => {
    const config = "import adapter from '@sveltejs/adapter-node';\n\nconst config = {\n  kit: {\n    adapter: adapter(),\n    csp: { mode: 'auto', directives: { 'default-src': ['self'], 'script-src': ['self', 'unsafe-inline'], 'frame-ancestors': ['none'] } },\n  },\n};\n\nexport default config;\n";
    const hooks = "export const handle = async ({ event, resolve }) => {\n  const response = await resolve(event);\n  response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');\n  response.headers.set('X-Content-Type-Options', 'nosniff');\n  return response;\n};\n";
    const report = await scan({ 'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '^2.5.0' } }), 'svelte.config.js': config, 'src/hooks.server.js': hooks });
    expect(missing(report)).toEqual(['Permissions-Policy', 'Referrer-Policy']);
  });
});
