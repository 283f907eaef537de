import { UNKNOWN } from '../../lang/js/evaluate.js';

/** A Content-Security-Policy as directive name (lower case) → sources (as written). */
export type Csp = Map<string, string[]>;

export function parseCsp(value: string): Csp {
  const csp: Csp = new Map();
  for (const part of value.split(';')) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    const name = words[0]?.toLowerCase();
    // The first occurrence of a directive wins; browsers ignore repeats.
    if (name && !csp.has(name)) csp.set(name, words.slice(1));
  }
  return csp;
}

/** Sources that only allow specific scripts: with one of these, CSP2+ browsers ignore 'unsafe-inline'. */
function isNonceOrHash(source: string): boolean {
  return /^'(?:nonce-|sha256-|sha384-|sha512-)/i.test(source) || source.toLowerCase() === "'strict-dynamic'";
}

export interface UnsafeSource {
  directive: string;
  source: "'unsafe-inline'" | "'unsafe-eval'";
}

/**
 * What makes the policy allow script injection: `'unsafe-eval'`, or `'unsafe-inline'` not neutralised by a
 * nonce, hash or `'strict-dynamic'`, in the directives that govern scripts (script-src, script-src-elem,
 * or default-src when script-src is absent). `'unsafe-inline'` in style-src is not reported: it is
 * common, needed by many CSS-in-JS libraries, and does not run code.
 */
export function unsafeScriptSources(csp: Csp): UnsafeSource[] {
  const out: UnsafeSource[] = [];
  const directives = csp.has('script-src') ? ['script-src', 'script-src-elem'] : ['default-src', 'script-src-elem'];
  for (const directive of directives) {
    const sources = csp.get(directive);
    if (!sources) continue;
    // A keyword written next to a computed part (`'unsafe-inline'${extra}`) is still written.
    const lower = sources.flatMap((s) => s.toLowerCase().split(UNKNOWN));
    if (lower.includes("'unsafe-eval'")) out.push({ directive, source: "'unsafe-eval'" });
    if (lower.includes("'unsafe-inline'") && !sources.some(isNonceOrHash)) out.push({ directive, source: "'unsafe-inline'" });
  }
  return out;
}

export type Verdict = { ok: true } | { ok: false; why: string } | { ok: 'unknown'; why: string };

/**
 * Whether a CSP meets an expected one: every directive the policy names must be present, with no source
 * beyond those the policy lists (`'none'`, nonces, hashes and `'strict-dynamic'` are always acceptable:
 * they only narrow what runs).
 */
export function cspMeets(actual: string, expected: string): Verdict {
  const have = parseCsp(actual);
  const want = parseCsp(expected);
  for (const [directive, allowed] of want) {
    const sources = have.get(directive);
    if (!sources) return { ok: false, why: `has no \`${directive}\` directive` };
    const allowedLower = new Set(allowed.map((s) => s.toLowerCase()));
    const extra: string[] = [];
    for (const source of sources) {
      if (source.includes(UNKNOWN)) {
        if (isNonceOrHash(source.replace(UNKNOWN, 'x'))) continue;
        return { ok: 'unknown', why: `\`${directive}\` is computed at run time` };
      }
      const lower = source.toLowerCase();
      if (allowedLower.has(lower) || lower === "'none'" || isNonceOrHash(source)) continue;
      extra.push(source);
    }
    if (extra.length) return { ok: false, why: `\`${directive}\` allows ${extra.join(' ')} beyond \`${directive} ${allowed.join(' ')}\`` };
  }
  return { ok: true };
}
