// Values a file shows rather than uses (round 3 of issue 13, from held-out-2 once it was spent): a framework's
// per-environment configuration for development and tests, an API schema's documented example, a
// documentation example among placeholders, and key-derivation labels that name algorithms. Each lowers the
// confidence of one match; a checksum format or key material is never lowered here.
import { textAround } from './confidence.js';
import { contextOf } from './context.js';

/** Environments that run on a developer's machine or in a test suite. */
const LOCAL_ENVIRONMENT = /^(?:development|develop|dev|test|tests|testing|local|e2e)$/i;

/**
 * The top-level section of a YAML file that holds the value at `start` (`development:` in Rails'
 * `config/secrets.yml` or `database.yml`) names a development or test environment. The value's line must be
 * indented under it; `production:` and every other section are not lowered.
 */
export function inLocalEnvironmentSection(path: string, text: string, start: number): boolean {
  if (!/\.ya?ml$/i.test(path)) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]+\S/.test(text.slice(lineStart, lineStart + 256))) return false;
  // The nearest line above that starts at column 0 and is not a comment or a document marker.
  let at = lineStart - 1;
  let scanned = 0;
  while (at > 0 && scanned < 64 * 1024) {
    const from = text.lastIndexOf('\n', at - 1) + 1;
    const line = text.slice(from, at);
    scanned += at - from + 1;
    at = from - 1;
    if (line.length === 0 || /^[ \t]/.test(line) || /^\s*(?:#|$)/.test(line)) continue;
    const m = /^["']?([A-Za-z][\w-]*)["']?\s*:\s*(?:#.*)?$/.exec(line.trimEnd());
    return m !== null && LOCAL_ENVIRONMENT.test(m[1] as string);
  }
  return false;
}

/**
 * The value is an API schema's documented example: a JSDoc or docstring `@example`, an OpenAPI or JSON Schema
 * `example` / `examples` (on the value's line or opening the list on the line above), a pydantic or
 * marshmallow `Field(example=…, examples=[…])`. It is what API documentation shows every reader.
 */
const EXAMPLE_BEFORE = /(?:@example\s+["'`]?|\bexamples?["']?\s*[:=]\s*\[?\s*["'`]?)$/i;
const EXAMPLE_OPENS = /\bexamples?["']?\s*[:=]\s*\[\s*$/i;
export function isSchemaExample(line: string, column: number, above: string | undefined): boolean {
  const before = line.slice(0, column);
  if (EXAMPLE_BEFORE.test(before)) return true;
  // The list's first item on its own line: `"examples": [` then `"whsec_…"`.
  return /^\s*["'`]?$/.test(before) && above !== undefined && EXAMPLE_OPENS.test(above);
}

/** Placeholders a documentation example uses for the values a reader supplies, written as values (`your-webhook-url`, `<your-token>`, `$SOME_TOKEN`), not prose ("your token"). */
const PLACEHOLDER_NEAR =
  /\byour[-_](?:[a-z0-9]+[-_]){0,2}(?:url|uri|token|key|secret|webhook|password|id|dsn)\b|<your[^>\n]*>|\bYOUR_[A-Z0-9_]+|\$\{?[A-Z][A-Z0-9_]*(?:TOKEN|KEY|SECRET|PASSWORD)[A-Z0-9_]*\}?|\breplace[-_ ]with\b|\bchange[-_ ]?me\b/i;
const EXAMPLE_LINES = 8;

/**
 * A documentation page's example that fills its other values with placeholders (`your-webhook-url`,
 * `$SOME_TOKEN_FROM_ENV`) within a few lines: the page illustrates a configuration, and the value is a
 * made-up one of the right shape. Only in documentation, by path.
 */
export function isDocsExampleAmongPlaceholders(path: string, text: string, start: number, end: number): boolean {
  if (contextOf(path) !== 'docs') return false;
  const around = textAround(text, start, end, EXAMPLE_LINES);
  // The value itself is not a placeholder: look at the text without it.
  const value = text.slice(start, end);
  return PLACEHOLDER_NEAR.test(around.split(value).join(' '));
}

/** Algorithm names: a value that names them labels a key (HKDF info, a JWT `alg`), it is not one. */
const ALGORITHM = /^(?:HMAC(?:-?SHA-?\d+)?|SHA-?\d+|MD5|AES(?:-?\d+)?(?:-(?:CTR|CBC|GCM|ECB|CFB|OFB|SIV))?|CHACHA20(?:-?POLY1305)?|XCHACHA20(?:-?POLY1305)?|ED25519|X25519|RSA(?:-?\d+)?|ECDSA|ECDH|HKDF|PBKDF2|ARGON2(?:ID|I|D)?|SCRYPT|BCRYPT|HS\d{3}|RS\d{3}|ES\d{3}|PS\d{3})$/i;

/**
 * A label made of words and algorithm names (`REFRESH-STATE;MAC:HMAC-SHA384;CIPHER:CHACHA20-POLY1305`): the
 * context string of a key derivation, not a secret. At least two parts, one of them an algorithm name,
 * every part a word or a name (no random segment).
 */
export function isAlgorithmLabel(value: string): boolean {
  const parts = value.split(/[;:,|/\s=]+/).filter(Boolean);
  if (parts.length < 2) return false;
  if (!parts.some((p) => ALGORITHM.test(p))) return false;
  return parts.every((p) => ALGORITHM.test(p) || /^(?:[A-Za-z]{2,}(?:[-_][A-Za-z0-9]{2,})*|\d{1,4})$/.test(p));
}
