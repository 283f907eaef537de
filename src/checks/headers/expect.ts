import { UNKNOWN } from '../../lang/js/evaluate.js';
import { cspMeets, type Verdict } from './csp.js';

/** What the policy asks of one header: a value, a list of acceptable values, `*` for "present", or `false` for nothing. */
export type Expectation = string | string[] | false;

/** The seed checklists' headers and values, used when the policy names none. */
export const DEFAULT_REQUIRED: Readonly<Record<string, Expectation>> = {
  'Content-Security-Policy': '*',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': '*',
};

/** Referrer policies from the strictest to the loosest. */
const REFERRER_ORDER = [
  'no-referrer',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'origin',
  'origin-when-cross-origin',
  'no-referrer-when-downgrade',
  'unsafe-url',
];
const FRAME_ORDER = ['deny', 'sameorigin'];

function normalise(value: string): string {
  return value.trim().replace(/\s+/g, ' ').replace(/\s*;\s*/g, '; ').replace(/;\s*$/, '').toLowerCase();
}

/** max-age and flags of an HSTS value. */
function parseHsts(value: string): { maxAge?: number; flags: Set<string> } {
  const flags = new Set<string>();
  let maxAge: number | undefined;
  for (const part of value.split(';')) {
    const p = part.trim().toLowerCase();
    const m = /^max-age\s*=\s*"?(\d+)"?$/.exec(p);
    if (m) maxAge = Number(m[1]);
    else if (p) flags.add(p);
  }
  return { maxAge, flags };
}

function meetsOne(header: string, expected: string, actual: string): Verdict {
  if (expected.trim() === '*') return actual.trim() ? { ok: true } : { ok: false, why: 'is empty' };
  const key = header.toLowerCase();
  if (key === 'content-security-policy') return cspMeets(actual, expected);
  if (actual.includes(UNKNOWN)) return { ok: 'unknown', why: 'is computed at run time' };
  switch (key) {
    case 'strict-transport-security': {
      const want = parseHsts(expected);
      const have = parseHsts(actual);
      if (have.maxAge === undefined) return { ok: false, why: 'has no max-age' };
      if (want.maxAge !== undefined && have.maxAge < want.maxAge) return { ok: false, why: `max-age=${have.maxAge} is shorter than ${want.maxAge}` };
      for (const flag of want.flags) if (!have.flags.has(flag)) return { ok: false, why: `lacks ${flag === 'includesubdomains' ? 'includeSubDomains' : flag}` };
      return { ok: true };
    }
    case 'referrer-policy': {
      // A comma list falls back to earlier entries; browsers use the last one they support.
      const last = actual.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).pop() ?? '';
      const have = REFERRER_ORDER.indexOf(last);
      const want = REFERRER_ORDER.indexOf(expected.trim().toLowerCase());
      if (have !== -1 && want !== -1) return have <= want ? { ok: true } : { ok: false, why: `\`${last}\` is looser than \`${expected.trim()}\`` };
      break;
    }
    case 'x-frame-options': {
      const have = FRAME_ORDER.indexOf(actual.trim().toLowerCase());
      const want = FRAME_ORDER.indexOf(expected.trim().toLowerCase());
      if (want !== -1) return have !== -1 && have <= want ? { ok: true } : { ok: false, why: `\`${actual.trim()}\` is not \`${expected.trim()}\`` };
      break;
    }
  }
  return normalise(actual) === normalise(expected) ? { ok: true } : { ok: false, why: `\`${actual.trim()}\` is not \`${expected.trim()}\`` };
}

/** Whether a configured value meets the policy (any of a list of acceptable values). */
export function meets(header: string, expectation: Exclude<Expectation, false>, actual: string): Verdict {
  const options = Array.isArray(expectation) ? expectation : [expectation];
  let first: Verdict | undefined;
  let unknown: Verdict | undefined;
  for (const expected of options) {
    const verdict = meetsOne(header, expected, actual);
    if (verdict.ok === true) return verdict;
    if (verdict.ok === 'unknown') unknown ??= verdict;
    first ??= verdict;
  }
  return unknown ?? first ?? { ok: true };
}

export function describeExpectation(expectation: Exclude<Expectation, false>): string {
  const list = Array.isArray(expectation) ? expectation : [expectation];
  return list.map((e) => (e.trim() === '*' ? 'any value' : `\`${e}\``)).join(' or ');
}
