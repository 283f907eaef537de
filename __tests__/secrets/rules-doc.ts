// Renders docs/secrets-rules.md from SECRET_RULES, so the table cannot drift from the catalogue.
import { ruleConfidence } from '../../src/checks/secrets/confidence.js';
import type { SecretRule } from '../../src/checks/secrets/types.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function checks(rule: SecretRule): string {
  const parts: string[] = [];
  if (rule.prefixLength) parts.push('prefix');
  if (rule.checksum) parts.push(`\`${rule.checksum}\``);
  if (rule.entropy !== undefined) parts.push(`entropy ≥ ${rule.entropy}`);
  if (rule.paths) parts.push(`only ${rule.paths.map((p) => `\`${p}\``).join(', ')}`);
  if (rule.multiline) parts.push('multi-line');
  return parts.join(', ');
}

export function renderRulesDoc(rules: readonly SecretRule[]): string {
  const providers = new Set(rules.filter((r) => !r.generic).map((r) => r.provider));
  const lines = [
    '# Secret rules',
    '',
    '<!-- Generated from src/checks/secrets/rules by __tests__/secrets/rules-doc.ts: do not edit by hand.',
    '     Regenerate with `UPDATE_SECRETS_DOCS=1 npm test -- __tests__/secrets/docs.test.ts`. -->',
    '',
    `${rules.length} rules: ${rules.filter((r) => !r.generic).length} for ${providers.size} providers and formats, and ${rules.filter((r) => r.generic).length} generic rules.`,
    '',
    '## How a secret is recognised',
    '',
    '- **Keywords first.** Every rule names literal keywords (a token prefix such as `ghp_`, or a key name such as',
    '  `twilio`). One pass over each file finds all keywords of all rules at once (an Aho-Corasick automaton); a',
    "  rule's pattern then runs only on the lines around its keywords' hits (a wider window for multi-line blocks).",
    '- **The exact published format.** Prefix, length and alphabet; where the format carries a checksum it must',
    '  match (GitHub and npm tokens: CRC-32 in base62; age keys: Bech32), and structured tokens must decode (JWT,',
    '  Grafana, Sentry, Discord, HTTP Basic, base64 PEM). A value that fails its format is not reported by any rule.',
    '- **One finding per secret.** Overlapping matches are merged: a provider rule wins over the generic rules, and a',
    '  private key block is reported once, from its BEGIN line to its END line.',
    '- **A confidence for each match.** The Confidence column is the rule\'s before its value is judged: `high` for a',
    '  checksum, a published prefix or a fixed marker, and key material; `medium` for a provider\'s value recognised by its',
    '  key name; `low` for generic rules. A generic value that looks machine-generated becomes `medium`; a password that',
    '  is a word or the user name again becomes `low`. What each confidence does in each context (source, test, docs,',
    '  ci, dev, example, generated) is the policy\'s `checks.secrets.report` table: see [secrets.md](secrets.md).',
    '',
    '## What is not reported',
    '',
    '- Documentation placeholders: `your-api-key`, `<token>`, `[password]`, `xxxx`, `****`, `...`, `changeme`,',
    '  `example`, AWS\'s `AKIAIOSFODNN7EXAMPLE`, runs of one character, `abcdefgh`, `12345678`.',
    '- Variable references and templates: `process.env.X`, `${X}`, `$X`, `${{ secrets.X }}`, `{{ .Values.x }}`,',
    '  `%(x)s`, `<%= ENV["X"] %>`, `#{X}`, `!vault`, `op://…`, `env(X)`.',
    '- Hashes and digests: `sha256:…`, `sha512-…` (lockfile `integrity`, SRI attributes), `h1:…` (go.sum), and bare',
    '  hex digests under keys such as `commit`, `sha`, `checksum`, `digest` or anywhere in a lockfile.',
    '- UUIDs under keys that do not name a credential (`tenant_id`, `request_id`).',
    '- Public keys and certificates (`ssh-ed25519 …`, `BEGIN CERTIFICATE`, `BEGIN PUBLIC KEY`), publishable keys',
    '  (`pk_live_…`, `sb_publishable_…`), public JWTs (Supabase `anon`), short-lived JWTs and the jwt.io sample.',
    '- Anything inside a `data:` URI or an inlined base64 image.',
    '- Type declarations and form fields (`password: string`, `type="password"`, `name="password"`), values that',
    '  are identifiers, paths, URLs without credentials, numbers, words (`test-token-123`), or low-entropy strings.',
    '- Local development defaults: connection URLs to `localhost`, `127.0.0.1`, `example.com`, `*.test`,',
    '  `host.docker.internal`, and well-known passwords (`postgres`, `password`, `guest`, `root`, …).',
    '- Keys that mention a credential but hold something else: `token_url`, `password_hash`, `max_tokens`,',
    '  `secretName`, `csrf_token`, `tokenizer`.',
    '',
    'Lockfiles and minified bundles are scanned like any file (a registry URL with a password in `package-lock.json`',
    'is reported); only their hashes and expressions are not. Very long lines are searched in windows around',
    'keywords, so a minified bundle costs no more than its keyword hits.',
    '',
    '## Rules',
    '',
    '| Rule | Provider | What | Checks | Confidence | Format documentation | Revoke or rotate |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const sorted = [...rules].sort((a, b) => Number(a.generic ?? false) - Number(b.generic ?? false) || a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
  for (const rule of sorted) {
    const docs = rule.docs ? `[docs](${rule.docs})` : '';
    const revoke = rule.revoke ? `[revoke](${rule.revoke})` : '';
    lines.push(`| \`${rule.id}\` | ${cell(rule.provider)} | ${cell(rule.title)} | ${cell(checks(rule))} | ${ruleConfidence(rule)} | ${docs} | ${revoke} |`);
  }
  lines.push('');
  return lines.join('\n');
}
