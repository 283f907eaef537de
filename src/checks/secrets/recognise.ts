import { excerpt } from '../../util/excerpt.js';
import { printable } from '../../util/printable.js';
import { Redactor, redactSecret, type Recognised } from '../../util/redact.js';
import { createDetector, SECRET_RULES } from './catalogue.js';
import { characterClasses, shannonEntropy } from './entropy.js';
import type { Detector } from './types.js';

// The secrets detector's built-in rules applied to text that is about to be shown (messages, errors,
// values quoted from the policy), so that a credential is recognised wherever it turns up.

let shared: Detector | undefined;

/** Credentials the built-in rules recognise in a text, in order of position. */
export function recogniseCredentials(text: string): Recognised[] {
  shared ??= createDetector(SECRET_RULES);
  return shared.scan(text, '').map((m) => ({ start: m.start, end: m.end, prefixLength: m.rule.prefixLength ?? 0 }));
}

/** A redactor that also scrubs every credential the built-in rules recognise in the messages it is given. */
export function credentialRedactor(): Redactor {
  return new Redactor(recogniseCredentials);
}

/**
 * A long token that reads as random (mixed characters, high entropy), as keys of unknown formats do. Not
 * used on messages in general (commit ids and fingerprints look the same), only on values quoted from
 * the policy, where nothing random is expected.
 */
function looksRandom(token: string): boolean {
  return token.length >= 20 && characterClasses(token) >= 2 && /\d/.test(token) && shannonEntropy(token) >= 3.5;
}

/**
 * A value from the policy as a message may quote it: credentials the rules recognise and random-looking
 * tokens redacted (at most a published prefix and the length), then cut to `max` characters without
 * showing more than the start of a token, on one printable line, in double quotes.
 */
export function quoteValue(value: string, max = 40): string {
  return printable(JSON.stringify(excerpt(redactTokens(value), max)));
}

/** Text from the policy or a library that quotes it, with credentials and random-looking tokens redacted. */
export function redactTokens(value: string): string {
  let text = '';
  let from = 0;
  for (const r of recogniseCredentials(value)) {
    if (r.start < from) continue;
    text += value.slice(from, r.start) + redactSecret(value.slice(r.start, r.end), r.prefixLength);
    from = r.end;
  }
  text += value.slice(from);
  return text.replace(/[A-Za-z0-9+/=_.~-]{20,}/g, (token) => (looksRandom(token) ? redactSecret(token) : token));
}
