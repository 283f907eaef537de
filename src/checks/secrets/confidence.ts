// How sure a match is to be a credential. The rule gives a starting point (its format); the value moves
// it: a generic assignment whose value looks machine-generated is more likely a real key than one a person
// typed, and a URL password that is a word or the user name again is a default, not a secret.
import { contextOf } from './context.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import { keyWords, type Candidate } from './false-positives.js';
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

const NOT_REAL = /\b(?:dummy|fake|bogus|not\s+(?:a\s+)?real|not\s+(?:actually\s+)?(?:a\s+)?secret|fixture|for\s+(?:the\s+)?tests?(?:\s+only)?|test[\s-]only|base64\s+(?:of|for)\s+["'])/i;

/**
 * A comment says the value is not real: after it on its line (`// dummy`, `# fake key for the tests`), or
 * alone on the line just above it (`// This is not actually a secret key, it's XORed with …`).
 */
export function saysNotReal(candidate: Candidate): boolean {
  const after = candidate.line.slice(candidate.column + candidate.secret.length);
  const comment = /(?:\/\/|#|\/\*|<!--|--\s)([^\n]*)/.exec(after);
  if (comment && NOT_REAL.test(comment[1] as string)) return true;
  const above = /^\s*(?:\/\/|#|\/?\*|<!--|--\s|;)(.*)$/.exec(candidate.above ?? '');
  return above !== null && NOT_REAL.test(above[1] as string);
}

/**
 * The text around a value says this very value was revoked (a blog post that shows a token and says "I've
 * already revoked it", a comment `# revoked 2024-03, kept for the parser test`). A statement about the value,
 * not a sentence about revocation in general ("tokens can be revoked in the console").
 */
const SUBJECT = '(?:it|this|that|these|those)(?:\\s+(?:token|key|secret|credentials?|password))?';
const REVOKED = new RegExp(
  [
    // I've already revoked it, we have since invalidated the key (not "rotated": the value shown may be the new one)
    "\\b(?:i|we)(?:'ve|\\s+have)?\\s+(?:already\\s+|since\\s+|now\\s+|just\\s+)?(?:revoked|invalidated|deactivated)\\b",
    // revoked it, already revoked, long since revoked
    '\\brevoked\\s+(?:it|them)\\b|\\b(?:already|since)\\s+(?:been\\s+)?revoked\\b',
    // this token has been revoked, it was already invalidated
    `\\b${SUBJECT}\\s+(?:(?:has|have|had)\\s+(?:already\\s+|since\\s+|now\\s+|long\\s+)?been|(?:is|are|was|were)\\s+(?:already|now|long\\s+since))\\s+(?:revoked|invalidated|deactivated)\\b`,
    // (revoked), [revoked], revoked 2024-03
    '[([]revoked[)\\]]|\\brevoked\\s+(?:on\\s+)?\\d{4}-\\d{2}',
  ].join('|'),
  'i',
);
/** Lines before and after a value that a statement about it may be on. */
const REVOKED_LINES = 8;

/** The lines around [start, end): `lines` before and after (at most 4 KiB either side). */
export function textAround(text: string, start: number, end: number, lines: number): string {
  let from = start;
  for (let n = 0; n <= lines && from > 0; n++) from = Math.max(0, text.lastIndexOf('\n', from - 1));
  let to = end;
  for (let n = 0; n <= lines && to !== -1 && to < text.length; n++) to = text.indexOf('\n', to + 1);
  if (to === -1) to = text.length;
  return text.slice(Math.max(from, start - 4096), Math.min(to, end + 4096));
}

export function saysRevoked(text: string, start: number, end: number): boolean {
  return REVOKED.test(textAround(text, start, end, REVOKED_LINES));
}

/**
 * A key name that says the value is a test's (`e2eRefreshTokenValidFixtureToken`, `TEST_API_KEY`,
 * `mockSecret`, `dummyPassword`): a fixture, wherever the file is.
 */
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'e2e', 'fixture', 'fixtures', 'mock', 'mocked', 'mocks', 'fake', 'dummy', 'stub', 'stubbed', 'example', 'sample']);
export function namesTestValue(key: string | undefined): boolean {
  return key !== undefined && keyWords(key.replace(/^["']|["']$/g, '')).some((w) => TEST_WORDS.has(w));
}

/**
 * A committed env file that is neither an example nor a test's (`.env`, `.env.production`, `prod.env`): it
 * exists to hold a deployment's secrets, so a value under a credential name there is one.
 */
function isCommittedEnvFile(path: string): boolean {
  return /(?:^|\/)(?:\.env(?:\.[\w-]+)?|[\w-]+\.env)$/.test(path) && contextOf(path) === 'source';
}

/**
 * A provider's sandbox or test-mode value (`access-sandbox-…`, `sk_test_…`, `sk_sbox_…`, `…$sandbox$…`, `e2e-…`), or an emulator's
 * (`demo-…`, Firebase's prefix for emulator-only projects): it opens no live account.
 */
function isTestMode(value: string): boolean {
  return /(?:^|[-_$])(?:sandbox|sbox|test|e2e)[-_$]|^demo-/i.test(value);
}

/**
 * The confidence of one match that passed the filters. `groups` are the pattern's named groups (`user`
 * of a URL with credentials).
 */
export function matchConfidence(rule: SecretRule, candidate: Candidate, groups: Record<string, string | undefined> | undefined): Confidence {
  const base = ruleConfidence(rule);
  if (base === 'high' && rule.password !== true) {
    // A checksum proves the issuer's format, whatever a comment says; a prefix alone is a shape anyone can
    // type, so its own comment calling it fake, or a sandbox or test-mode prefix (`sk_test_`), makes it medium.
    if (rule.checksum === undefined && rule.keyMaterial !== true && (saysNotReal(candidate) || isTestMode(candidate.secret))) return 'medium';
    return base;
  }
  if (saysNotReal(candidate) || isTestMode(candidate.secret)) return 'low';
  if (rule.password) {
    const { user = groups?.user, password } = passwordOf(rule, candidate.secret);
    if (password === user || !looksGenerated(password, 12)) return 'low';
    return base === 'low' ? 'medium' : base;
  }
  if (base === 'low' && namesTestValue(groups?.key ?? candidate.key)) return 'low';
  if (base === 'low' && (looksGenerated(candidate.secret) || isAppPassword(candidate) || isCommittedEnvFile(candidate.path))) return 'medium';
  return base;
}
