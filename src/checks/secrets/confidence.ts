// How sure a match is to be a credential. The rule gives a starting point (its format); the value moves
// it: a generic assignment whose value looks machine-generated is more likely a real key than one a person
// typed, and a URL password that is a word or the user name again is a default, not a secret.
import { contextOf } from './context.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import type { Candidate } from './false-positives.js';
import type { Confidence, SecretRule } from './types.js';
import { decodeBase64 } from './validators.js';

export const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** The rule's confidence before its value is judged. */
export function ruleConfidence(rule: SecretRule): Confidence {
  if (rule.confidence) return rule.confidence;
  if (rule.generic) return 'low';
  if ((rule.prefixLength ?? 0) > 0 || rule.checksum !== undefined) return 'high';
  return 'medium';
}

/**
 * How often the character class (lower, upper, digit, other) changes from one character to the next,
 * not counting a capital followed by lower case (a word's start) nor `-`, `_`, `.` between words. A
 * generator changes class at about half the positions; words a person types (`MySuperSecret2024`,
 * `oauth2_access_token_123`) rarely do.
 */
function classChanges(value: string): number {
  const cls = (ch: string) => (/[a-z]/.test(ch) ? 0 : /[A-Z]/.test(ch) ? 1 : /\d/.test(ch) ? 2 : 3);
  const chars = value.replace(/[-_.]/g, '');
  let changes = 0;
  for (let i = 1; i < chars.length; i++) {
    const a = cls(chars[i - 1] as string);
    const b = cls(chars[i] as string);
    if (a !== b && !(a === 1 && b === 0)) changes++;
  }
  return changes / Math.max(1, chars.length - 1);
}

/**
 * A value a machine generated: long enough, varied enough, not made of words. Hex needs 32 digits (a
 * 128-bit key); other alphabets 16 characters of two classes or more that change often.
 */
export function looksGenerated(value: string, minLength = 16): boolean {
  if (value.length < minLength || /\s/.test(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && /\d/.test(value) && /[a-f]/i.test(value) && shannonEntropy(value) >= 3;
  return characterClasses(value) >= 2 && shannonEntropy(value) >= 3.5 && classChanges(value) >= 0.22;
}

/** The password a password rule found: the secret, or the part after the colon of base64 `user:password`. */
export function passwordOf(rule: SecretRule, secret: string): { user?: string; password: string } {
  if (rule.checksum !== 'basic-auth') return { password: secret };
  const decoded = decodeBase64(secret) ?? '';
  const colon = decoded.indexOf(':');
  return colon === -1 ? { password: decoded } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * A 16-letter app password (Google's, shown as four groups of four) under a password-named key: one case,
 * no digits, yet random: varied letters, few vowels, no word.
 */
export function isAppPassword(candidate: Candidate): boolean {
  const value = candidate.secret.replace(/ /g, '');
  if (!/^[a-z]{16}$/.test(value) || !/pass|pwd/i.test(candidate.key ?? '')) return false;
  const vowels = value.match(/[aeiouy]/g)?.length ?? 0;
  if (vowels > 7 || shannonEntropy(value) < 3.2 || /(?:[aeiouy][^aeiouy]){5}/.test(value)) return false;
  return !/pass|word|secret|admin|login|user|test|demo|root|qwer|asdf|hello|welcome|letme|master|change|default|temp|guest|sample|example|dummy|fake/.test(value);
}

/** A comment after the value says it is not real: `// dummy`, `# fake key for the tests`, `not actually a secret`. */
export function saysNotReal(candidate: Candidate): boolean {
  const after = candidate.line.slice(candidate.column + candidate.secret.length);
  return /(?:\/\/|#|\/\*|<!--|--\s)[^\n]*?\b(?:dummy|fake|bogus|not\s+(?:a\s+)?real|not\s+(?:actually\s+)?(?:a\s+)?secret|fixture|for\s+(?:the\s+)?tests?(?:\s+only)?|test[\s-]only|base64\s+(?:of|for)\s+["'])/i.test(after);
}

/**
 * A committed env file that is neither an example nor a test's (`.env`, `.env.production`, `prod.env`): it
 * exists to hold a deployment's secrets, so a value under a credential name there is one.
 */
function isCommittedEnvFile(path: string): boolean {
  return /(?:^|\/)(?:\.env(?:\.[\w-]+)?|[\w-]+\.env)$/.test(path) && contextOf(path) === 'source';
}

/**
 * A provider's sandbox or test-mode value (`access-sandbox-…`, `…_test_…`, `e2e-…`), or an emulator's
 * (`demo-…`, Firebase's prefix for emulator-only projects): it opens no live account.
 */
function isTestMode(value: string): boolean {
  return /(?:^|[-_])(?:sandbox|test|e2e)[-_]|^demo-/i.test(value);
}

/**
 * The confidence of one match that passed the filters. `groups` are the pattern's named groups (`user`
 * of a URL with credentials).
 */
export function matchConfidence(rule: SecretRule, candidate: Candidate, groups: Record<string, string | undefined> | undefined): Confidence {
  const base = ruleConfidence(rule);
  if (base === 'high' && rule.password !== true) return base;
  if (saysNotReal(candidate) || isTestMode(candidate.secret)) return 'low';
  if (rule.password) {
    const { user = groups?.user, password } = passwordOf(rule, candidate.secret);
    if (password === user || !looksGenerated(password, 12)) return 'low';
    return base === 'low' ? 'medium' : base;
  }
  if (base === 'low' && (looksGenerated(candidate.secret) || isAppPassword(candidate) || isCommittedEnvFile(candidate.path))) return 'medium';
  return base;
}
