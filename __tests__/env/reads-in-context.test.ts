import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/checks/env/readers/index.js';

/**
 * `NAME` for a demand, `NAME?` for a read the code runs without, `NAME!` when it falls back to a value
 * written in the code (not a placeholder or a local address), `NAME|ALT` when another variable is read
 * in its place.
 */
function uses(path: string, text: string): string[] {
  return readEnv(path, text, []).reads.map((r) => `${r.name}${r.optional ? '?' : ''}${r.valueDefault ? '!' : ''}${r.alternatives ? `|${r.alternatives.join('|')}` : ''}`);
}

describe('how JavaScript code uses what it reads', () => {
  it('presence tests, comparisons and fallbacks are not demands; a test that stops the program is', () => {
    const text = [
      "import { NextResponse } from 'next/server';",
      'export const invoiceFooter = process.env.INVOICE_FOOTER_TEXT?.trim() || "Thank you";', // ?.trim() || default
      "const region = (process.env.BLOB_REGION as string | undefined) ?? 'eu-west-1';", // parenthesised cast
      'const poolSize = Number(process.env.PG_POOL_SIZE) || 10;', // call wrapped, then a fallback
      "const betaBanner = process.env.SHOW_BETA_BANNER === 'true';", // a switch
      'const tracing = !!process.env.OTEL_COLLECTOR_URL;', // a presence test
      'const cdn = process.env.ASSET_CDN_HOST ? `https://${process.env.ASSET_CDN_HOST}` : "";', // ternary guards the second read
      'if (!process.env.LEDGER_SIGNING_SECRET) throw new Error("LEDGER_SIGNING_SECRET is required");', // stops: required
      'export function handler() {',
      '  if (!process.env.PAYOUT_WEBHOOK_SECRET) {',
      '    return NextResponse.json({ error: "not configured" }, { status: 500 });', // the endpoint fails: required
      '  }',
      '  if (!process.env.SLACK_ALERTS_WEBHOOK) return null;', // the feature is off: optional
      '}',
      'const archiveBucket = process.env.ARCHIVE_BUCKET;', // used as is: required
      "const legacyKey = process.env.PARTNER_API_KEY ?? process.env.PARTNER_LEGACY_KEY;", // alternatives
      "const fallbackKey = process.env.SESSION_SIGNING_KEY ?? DEFAULT_SESSION_KEY;", // a value of the code
      "const emptyKey = process.env.GEOCODER_TOKEN ?? '';", // nothing: optional
    ].join('\n');
    expect(uses('src/lib/config.ts', text)).toEqual([
      'INVOICE_FOOTER_TEXT?!', 'BLOB_REGION?', 'PG_POOL_SIZE?!', 'SHOW_BETA_BANNER?', 'OTEL_COLLECTOR_URL?', 'ASSET_CDN_HOST?', 'ASSET_CDN_HOST?',
      'LEDGER_SIGNING_SECRET', 'PAYOUT_WEBHOOK_SECRET', 'SLACK_ALERTS_WEBHOOK?', 'ARCHIVE_BUCKET', 'PARTNER_API_KEY|PARTNER_LEGACY_KEY', 'PARTNER_LEGACY_KEY?',
      'SESSION_SIGNING_KEY?!', 'GEOCODER_TOKEN?',
    ]);
  });

  it('a value assigned and then tested: optional, unless the test throws', () => {
    const text = [
      'const analyticsKey = process.env.PLAUSIBLE_API_KEY;',
      'if (!analyticsKey) {',
      "  console.info('analytics off');",
      '}',
      'const vaultToken = process.env.VAULT_TOKEN;',
      'if (!vaultToken) {',
      "  throw new Error('VAULT_TOKEN missing');",
      '}',
    ].join('\n');
    expect(uses('src/boot.ts', text)).toEqual(['PLAUSIBLE_API_KEY?', 'VAULT_TOKEN']);
  });

  it('reads in the branch of a feature switch belong to that feature', () => {
    const text = [
      'if (process.env.S3_ARCHIVE_BUCKET) {',
      '  client = new S3Client({ credentials: { accessKeyId: process.env.S3_ARCHIVE_KEY_ID!, secretAccessKey: process.env.S3_ARCHIVE_SECRET! } });',
      '}',
      "if (process.env.NODE_ENV === 'production') {",
      '  smtp = process.env.OUTBOUND_SMTP_URL;', // the mode of the run is no feature switch
      '}',
    ].join('\n');
    expect(uses('src/storage.ts', text)).toEqual(['S3_ARCHIVE_BUCKET?', 'S3_ARCHIVE_KEY_ID?', 'S3_ARCHIVE_SECRET?', 'NODE_ENV?', 'OUTBOUND_SMTP_URL']);
    // Sign-in providers switched on by their id: the secret belongs to the provider that is off without it.
    const auth = [
      'export const providers = [',
      '  ...(process.env.GITLAB_OAUTH_ID ? [GitLab({ clientId: process.env.GITLAB_OAUTH_ID, clientSecret: process.env.GITLAB_OAUTH_SECRET! })] : []),',
      '  process.env.KEYCLOAK_REALM_URL && Keycloak({ issuer: process.env.KEYCLOAK_REALM_URL, clientSecret: process.env.KEYCLOAK_CLIENT_SECRET }),',
      '  Credentials({ secret: process.env.CREDENTIALS_PEPPER }),',
      '];',
    ].join('\n');
    expect(uses('src/auth/providers.ts', auth)).toEqual([
      'GITLAB_OAUTH_ID?', 'GITLAB_OAUTH_ID?', 'GITLAB_OAUTH_SECRET?', 'KEYCLOAK_REALM_URL?', 'KEYCLOAK_REALM_URL?', 'KEYCLOAK_CLIENT_SECRET?', 'CREDENTIALS_PEPPER',
    ]);
  });

  it('reads inside strings, and build-time constants, are told apart', () => {
    const next = "const nextConfig = { env: { RELEASE_CHANNEL: process.env.CHANNEL ?? 'stable' } };\nexport default nextConfig;\n";
    expect(readEnv('next.config.mjs', next, []).constants).toEqual(['RELEASE_CHANNEL']);
    const vite = "export default defineConfig({ define: { 'process.env.APP_BUILD_SHA': JSON.stringify(sha), 'import.meta.env.APP_FLAVOR': '\"web\"' } });\n";
    expect(readEnv('vite.config.ts', vite, []).constants).toEqual(['APP_BUILD_SHA', 'APP_FLAVOR']);
  });
});

describe('schemas of the environment decide', () => {
  it('createEnv: runtimeEnv is wiring, the schema says optional, default, prefault, or a shared schema', () => {
    const text = [
      "import { createEnv } from '@t3-oss/env-core';",
      "import { z } from 'zod';",
      "const zSsoScopes = z.string().default('openid email');",
      'export const env = createEnv({',
      '  server: {',
      '    BILLING_DB_URL: z.string().url(),',
      '    SSO_CLIENT_SECRET: z.string().optional(),',
      "    SSO_SCOPES: zSsoScopes,",
      "    QUEUE_CONCURRENCY: z.coerce.number().prefault('4'),",
      "    ADMIN_BOOTSTRAP_TOKEN: z.string().default('bootstrap-7Qm2xLk9'),",
      '  },',
      '  runtimeEnv: {',
      '    BILLING_DB_URL: process.env.BILLING_DB_URL,',
      '    SSO_CLIENT_SECRET: process.env.SSO_CLIENT_SECRET,',
      '    SSO_SCOPES: process.env.SSO_SCOPES,',
      '    QUEUE_CONCURRENCY: process.env.QUEUE_CONCURRENCY,',
      '    ADMIN_BOOTSTRAP_TOKEN: process.env.ADMIN_BOOTSTRAP_TOKEN,',
      '  },',
      '});',
    ].join('\n');
    expect(uses('src/env.ts', text)).toEqual(['BILLING_DB_URL', 'SSO_CLIENT_SECRET?', 'SSO_SCOPES?!', 'QUEUE_CONCURRENCY?', 'ADMIN_BOOTSTRAP_TOKEN?!']);
  });

  it('envalid: a placeholder default is no value', () => {
    const text = "export const cfg = cleanEnv(process.env, {\n  MAPS_SECRET: str({ default: 'dummyMapsSecret' }),\n  LEDGER_URL: url(),\n  SYNC_WORKERS: num({ devDefault: 2 }),\n});\n";
    expect(uses('src/config.ts', text)).toEqual(['MAPS_SECRET?', 'LEDGER_URL', 'SYNC_WORKERS']);
  });
});

describe('other languages', () => {
  it('Python: defaults, `or`, guards, tests that raise, docstrings', () => {
    const text = [
      'import os',
      'def load():',
      '    """Reads os.environ["DOCSTRING_ONLY"] for the docs."""',
      '    broker = os.getenv("CELERY_BROKER_URL", "redis://localhost:6379/1")',
      '    region = os.environ.get("ARCHIVE_REGION") or "eu-central-1"',
      '    if os.getenv("ENABLE_AUDIT_LOG") == "1":',
      '        audit = os.environ["AUDIT_LOG_PATH"]',
      '    header = os.environ["PROXY_HEADER"] if "PROXY_HEADER" in os.environ else None',
      '    secret = os.getenv("SIGNING_SALT")',
      '    if not secret:',
      '        raise RuntimeError("SIGNING_SALT is required")',
      '    token = os.getenv("CHATOPS_TOKEN")',
      '    if not token:',
      '        return None',
      '    return broker, region, header, secret, token',
    ].join('\n');
    expect(readEnv('svc/app.py', 'import os\nA = os.getenv("WIDGET_THEME")\nB = os.environ["WIDGET_STORE"]\n', []).reads.map((r) => `${r.name}${r.nullable ? '~' : ''}`)).toEqual(['WIDGET_THEME~', 'WIDGET_STORE']);
    expect(uses('svc/settings.py', text)).toEqual(['CELERY_BROKER_URL?', 'ARCHIVE_REGION?!', 'ENABLE_AUDIT_LOG?', 'AUDIT_LOG_PATH?', 'PROXY_HEADER?', 'SIGNING_SALT', 'CHATOPS_TOKEN?']);
  });

  it('Ruby: comparisons, present?, fetch with a block; ERB in Rails YAML', () => {
    const rb = 'if ENV["MAINTENANCE_BANNER"] == "true"\n  text = ENV.fetch("BANNER_TEXT") { "Back soon" }\nend\nlimit = ENV["UPLOAD_LIMIT_MB"].present? ? ENV["UPLOAD_LIMIT_MB"].to_i : 25\nkey = ENV.fetch("LOCKBOX_MASTER_KEY")\n';
    expect(uses('config/initializers/site.rb', rb)).toEqual(['MAINTENANCE_BANNER?', 'BANNER_TEXT?!', 'UPLOAD_LIMIT_MB?', 'UPLOAD_LIMIT_MB?', 'LOCKBOX_MASTER_KEY']);
    // `ENV[]` gives nil where `ENV.fetch` raises; help text quoting ENV is no read, interpolation is.
    const rake = ['host = ENV["ASSET_HOST"]', 'puts "Set ENV[\'PRINT_ONLY\'] first"', 'url = "https://#{ENV["CDN_DOMAIN"]}/assets"', ''].join('\n');
    expect(readEnv('lib/assets.rb', rake, []).reads.map((r) => `${r.name}${r.nullable ? '~' : ''}`)).toEqual(['ASSET_HOST~', 'CDN_DOMAIN~']);
    const yml = 'production:\n  adapter: postgresql\n  host: <%= ENV.fetch("PGBOUNCER_HOST") { "localhost" } %>\n  password: <%= ENV["LEDGER_DB_PASSWORD"] %>\n  # <%= ENV["COMMENTED_OUT"] %>\n';
    expect(uses('config/database.yml', yml)).toEqual(['PGBOUNCER_HOST?', 'LEDGER_DB_PASSWORD']);
  });

  it('Go: tested values, LookupEnv, struct tags with defaults or required', () => {
    const text = [
      'package config',
      'type Config struct {',
      '  Listen string `env:"LISTEN_ADDR" envDefault:":8080"`',
      '  DSN    string `env:"WAREHOUSE_DSN,required"`',
      '  Sentry string `env:"ERROR_REPORTING_DSN"`',
      '}',
      'func load() {',
      '  if dir := os.Getenv("PLUGIN_DIR"); dir != "" {',
      '    plugins = dir',
      '  }',
      '  debug := os.Getenv("TRACE_SQL") == "1"',
      '  if _, ok := os.LookupEnv("DISABLE_SIGNUP"); ok {}',
      '  key := os.Getenv("COOKIE_HASH_KEY")',
      '  if key == "" {',
      '    log.Fatal("COOKIE_HASH_KEY is required")',
      '  }',
      '}',
    ].join('\n');
    expect(uses('internal/config/config.go', text)).toEqual(['LISTEN_ADDR?', 'WAREHOUSE_DSN', 'ERROR_REPORTING_DSN?', 'PLUGIN_DIR?', 'TRACE_SQL?', 'DISABLE_SIGNUP?', 'COOKIE_HASH_KEY']);
  });

  it('PHP: `?:` and `??` fallbacks; Laravel config options are declarations', () => {
    const php = "<?php\n$mode = getenv('IMPORT_MODE') ?: 'batch';\n$key = $_ENV['LICENSE_KEY'] ?? null;\n$hook = env('DEPLOY_HOOK_SECRET');\n";
    expect(uses('app/Jobs/Import.php', php)).toEqual(['IMPORT_MODE?!', 'LICENSE_KEY?', 'DEPLOY_HOOK_SECRET']);
    expect(uses('config/mail.php', "<?php\nreturn ['ehlo' => env('MAIL_EHLO_HOST'), 'port' => env('MAIL_PORT', 587)];\n")).toEqual(['MAIL_EHLO_HOST?', 'MAIL_PORT?']);
  });
});
