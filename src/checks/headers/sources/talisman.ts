import { UNKNOWN } from '../../../lang/js/evaluate.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected } from '../types.js';
import { closingBracket, parsePy, type PyValue } from './pyvalue.js';
import { pySetting, pyText } from './python.js';

/** Keyword arguments of a call whose `(` is at `open`: name → [value, offset]. */
function keywords(text: string, open: number): Map<string, { value: PyValue; at: number; end: number }> {
  const out = new Map<string, { value: PyValue; at: number; end: number }>();
  const close = closingBracket(text, open);
  const args = text.slice(open + 1, close);
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  const parts: [number, number][] = [];
  for (let i = 0; i <= args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if ((c === ',' && depth === 0) || i === args.length || depth < 0) {
      parts.push([start, i]);
      start = i + 1;
      if (depth < 0) break;
    }
  }
  for (const [s, e] of parts) {
    const m = /^\s*([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(args.slice(s, e));
    if (!m) continue;
    const valueStart = open + 1 + s + m[0].length;
    out.set(m[1] as string, { value: parsePy(args.slice(s + m[0].length, e).trim()), at: valueStart, end: open + 1 + e });
  }
  return out;
}

const ONE_YEAR = 31556926;

/** A Talisman CSP argument: a string, or a dict of directive → source or list of sources. */
function cspText(value: PyValue): string | undefined {
  if (value.kind === 'str') return value.text;
  if (value.kind !== 'dict') return undefined;
  return value.entries
    .map(([k, v]) => `${pyText(k)?.text ?? UNKNOWN} ${v.kind === 'list' ? v.items.map((i) => pyText(i)?.text ?? UNKNOWN).join(' ') : (pyText(v)?.text ?? UNKNOWN)}`.trim())
    .join('; ');
}

/**
 * Flask-Talisman: `Talisman(app, …)` and `talisman.init_app(app, …)` send HSTS (one year, includeSubDomains),
 * X-Frame-Options SAMEORIGIN, nosniff, `default-src 'self'; object-src 'none'`, Referrer-Policy
 * strict-origin-when-cross-origin and a Permissions-Policy unless told otherwise.
 */
export function readTalisman(file: SourceFile, out: Collected): void {
  if (!/flask_talisman/.test(file.text)) return;
  const text = blankComments(file.path, file.text);
  for (const m of text.matchAll(/\bTalisman\(|\.init_app\(/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    if (m[0] === '.init_app(' && !/talisman/i.test(text.slice(Math.max(0, (m.index ?? 0) - 30), m.index))) continue;
    const args = keywords(text, open);
    const at = m.index ?? 0;
    const origin = `Flask-Talisman (${file.path})`;
    out.anchors.push({ location: { path: file.path, ...file.span(at, open) }, what: origin });
    out.readers.push('Flask-Talisman');
    const arg = (name: string) => args.get(name);
    const setting = (header: string, key: string, value: string | undefined, hint: string, extra: { reportOnly?: boolean } = {}) => {
      const given = arg(key);
      const known = value === undefined ? undefined : { text: value, complete: !value.includes(UNKNOWN) };
      out.settings.push({ ...pySetting(file, header, known, given?.at ?? at, given?.end ?? open, given ? origin : 'Flask-Talisman defaults', undefined, hint), ...extra });
    };
    const bool = (name: string, byDefault: boolean): boolean | undefined => {
      const v = arg(name)?.value;
      return v === undefined ? byDefault : v.kind === 'bool' ? v.value : v.kind === 'none' ? false : undefined;
    };
    const hsts = bool('strict_transport_security', true);
    if (hsts !== false) {
      const age = arg('strict_transport_security_max_age')?.value;
      const seconds = age === undefined ? String(ONE_YEAR) : age.kind === 'num' ? String(age.value) : UNKNOWN;
      const sub = bool('strict_transport_security_include_subdomains', true);
      const preload = bool('strict_transport_security_preload', false);
      const value = hsts === undefined ? undefined : `max-age=${seconds}${sub === undefined ? `; ${UNKNOWN}` : sub ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
      setting('Strict-Transport-Security', 'strict_transport_security_max_age', value, 'set `strict_transport_security_max_age=31536000`');
    }
    const frame = arg('frame_options')?.value;
    if (frame?.kind !== 'none') setting('X-Frame-Options', 'frame_options', frame === undefined ? 'SAMEORIGIN' : frame.kind === 'name' ? frame.name.split('.').pop() : pyText(frame)?.text, "set `frame_options='DENY'`");
    if (bool('x_content_type_options', true) !== false) setting('X-Content-Type-Options', 'x_content_type_options', 'nosniff', 'set `x_content_type_options=True`');
    const csp = arg('content_security_policy')?.value;
    if (csp?.kind !== 'none' && !(csp?.kind === 'bool' && !csp.value)) {
      const reportOnly = bool('content_security_policy_report_only', false) === true;
      const nonce = arg('content_security_policy_nonce_in')?.value;
      let value = csp === undefined ? "default-src 'self'; object-src 'none'" : cspText(csp);
      if (value !== undefined && nonce?.kind === 'list') {
        for (const d of nonce.items) if (d.kind === 'str') value = value.replace(new RegExp(`(^|;\\s*)${d.text}\\b([^;]*)`), `$1${d.text}$2 'nonce-${UNKNOWN}'`);
      }
      setting('Content-Security-Policy', 'content_security_policy', value, 'set `content_security_policy={…}`', reportOnly ? { reportOnly } : {});
    }
    const referrer = arg('referrer_policy')?.value;
    if (referrer?.kind !== 'none') setting('Referrer-Policy', 'referrer_policy', referrer === undefined ? 'strict-origin-when-cross-origin' : pyText(referrer)?.text, "set `referrer_policy='strict-origin-when-cross-origin'`");
    const permissions = arg('permissions_policy')?.value;
    if (permissions?.kind !== 'none') setting('Permissions-Policy', 'permissions_policy', permissions === undefined ? 'browsing-topics=()' : permissions.kind === 'dict' || permissions.kind === 'str' ? (pyText(permissions)?.text ?? 'set') : undefined, 'set `permissions_policy={…}`');
  }
}
