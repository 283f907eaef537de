import type { Location } from '../../../core/finding.js';
import { UNKNOWN } from '../../../lang/js/evaluate.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';

/** echo / fiber / net/http header-name constants (`echo.HeaderXFrameOptions`). */
const CONSTANT_NAMES: Record<string, string> = {
  HeaderXFrameOptions: 'X-Frame-Options',
  HeaderContentSecurityPolicy: 'Content-Security-Policy',
  HeaderContentSecurityPolicyReportOnly: 'Content-Security-Policy-Report-Only',
  HeaderStrictTransportSecurity: 'Strict-Transport-Security',
  HeaderXContentTypeOptions: 'X-Content-Type-Options',
  HeaderReferrerPolicy: 'Referrer-Policy',
  HeaderPermissionsPolicy: 'Permissions-Policy',
  HeaderXXSSProtection: 'X-XSS-Protection',
};

/** A Go string expression: literals ("…", `…`), package constants of the file, and `+`. */
function goString(raw: string, constants: ReadonlyMap<string, string>): string | undefined {
  const parts = raw.trim().split(/\s*\+\s*/);
  let out = '';
  for (const part of parts) {
    const lit = /^"((?:\\.|[^"\\])*)"$|^`([^`]*)`$/.exec(part);
    if (lit) out += lit[2] ?? (lit[1] as string).replace(/\\(.)/g, '$1');
    else if (constants.has(part)) out += constants.get(part);
    else out += UNKNOWN;
  }
  return out === UNKNOWN ? undefined : out;
}

/** The body of the top-level `func` that contains an offset. */
function enclosingFunc(text: string, offset: number): string {
  const start = text.lastIndexOf('\nfunc ', offset);
  if (start === -1) return '';
  const next = text.indexOf('\nfunc ', offset);
  return text.slice(start, next === -1 ? text.length : next);
}

/** Middleware calls the next handler: `next.ServeHTTP(w, r)`, gin's `c.Next()`, echo's `next(c)`, fiber's `c.Next()`. */
const CALLS_NEXT = /\b(?:next|h|handler|inner)\.ServeHTTP\(|\.Next\(\)|\breturn\s+next\(\s*c\s*\)|\bnext\(\s*(?:c|w\s*,\s*r)\s*\)/;

const ARG = String.raw`("(?:\\.|[^"\\])*"|\x60[^\x60]*\x60|[\w.]+(?:\s*\+\s*(?:"(?:\\.|[^"\\])*"|[\w.]+))*)`;
/** A header's value may also be a call (`utils.BuildCSP(nonce)`, `fmt.Sprintf(…)`): computed, so not read. */
const VALUE_ARG = String.raw`("(?:\\.|[^"\\])*"|\x60[^\x60]*\x60|[\w.]+\((?:[^()]|\([^()]*\))*\)|[\w.]+(?:\s*\+\s*(?:"(?:\\.|[^"\\])*"|[\w.]+))*)`;

/**
 * Headers a Go server sets: `w.Header().Set(name, value)` (`Add`), gin's `c.Header(name, value)`, fiber's
 * `c.Set(name, value)`, echo's `c.Response().Header().Set(echo.HeaderXFrameOptions, …)`, and the secure
 * middlewares: unrolled/secure and gin-contrib/secure options, echo's `middleware.Secure()`, fiber's
 * `helmet.New()`. A setter inside middleware (a function that calls the next handler) covers every route;
 * elsewhere (a handler, a helper it calls) only those responses.
 */
export function readGo(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  const text = blankComments(file.path, file.text);
  const constants = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(?:const\s+|var\s+)?(\w+)\s*(?:string\s*)?=\s*"((?:\\.|[^"\\])*)"/gm)) constants.set(m[1] as string, m[2] as string);
  // `h := c.Response().Header()` then `h.Set(…)`.
  const holders = [...new Set([...text.matchAll(/\b(\w+)\s*:?=\s*[\w.()]*\.Header\(\)\s*$/gm)].map((m) => m[1] as string))];
  const held = holders.length ? `|\\b(?:${holders.join('|')})\\.(?:Set|Add)` : '';
  const setter = new RegExp(String.raw`(?:\.Header\(\)\.(?:Set|Add)|\bc\.(?:Header|Set)|\bctx\.(?:Header|Set|Response\(\)\.Header\.Set)${held})\(\s*${ARG}\s*,\s*${VALUE_ARG}\s*\)`, 'g');
  for (const m of text.matchAll(setter)) {
    const rawName = m[1] as string;
    const name = CONSTANT_NAMES[rawName.split('.').pop() as string] ?? goString(rawName, constants);
    if (!name || !tracked.has(name.toLowerCase())) continue;
    const value = goString(m[2] as string, constants);
    const start = m.index ?? 0;
    const routes = CALLS_NEXT.test(enclosingFunc(text, start)) ? undefined : 'in a handler, not in middleware';
    out.settings.push({
      name,
      key: name.toLowerCase(),
      value: value === undefined ? undefined : { text: value, complete: !value.includes(UNKNOWN) },
      location: { path: file.path, ...file.span(start, start + m[0].length) },
      origin: file.path,
      ...(routes ? { routes } : {}),
    });
  }
  readSecureMiddleware(file, text, constants, out);
}

/** A Go composite literal's fields: `Name: value,`. */
function fields(body: string): Map<string, string> {
  return new Map([...body.matchAll(/\b([A-Z]\w*)\s*:\s*("(?:\\.|[^"\\])*"|`[^`]*`|[^,\n}]+)/g)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

function readSecureMiddleware(file: SourceFile, text: string, constants: ReadonlyMap<string, string>, out: Collected): void {
  const at = (index: number): Location => ({ path: file.path, ...file.position(index) });
  const push = (name: string, value: string | undefined, index: number, origin: string, hint: string) => {
    const setting: HeaderSetting = { name, key: name.toLowerCase(), value: value === undefined ? undefined : { text: value, complete: !value.includes(UNKNOWN) }, location: at(index), origin, hint };
    out.settings.push(setting);
  };
  const str = (f: Map<string, string>, key: string) => (f.has(key) ? goString(f.get(key) as string, constants) : undefined);
  const num = (f: Map<string, string>, key: string) => (f.has(key) ? (/^\d+$/.test(f.get(key) as string) ? Number(f.get(key)) : NaN) : 0);
  const bool = (f: Map<string, string>, key: string) => f.get(key) === 'true';

  // unrolled/secure `secure.New(secure.Options{…})` and gin-contrib/secure `secure.New(secure.Config{…})`: every field off unless set.
  for (const m of text.matchAll(/\bsecure\.(?:New\(\s*secure\.(?:Options|Config)|Options|Config)\s*\{([^}]*)\}/g)) {
    const f = fields(m[1] as string);
    const index = m.index ?? 0;
    const origin = `secure middleware options (${file.path})`;
    out.anchors.push({ location: at(index), what: origin });
    if (bool(f, 'FrameDeny')) push('X-Frame-Options', 'DENY', index, origin, 'set `FrameDeny: true`');
    else if (f.has('CustomFrameOptionsValue')) push('X-Frame-Options', str(f, 'CustomFrameOptionsValue'), index, origin, 'set `FrameDeny: true`');
    if (bool(f, 'ContentTypeNosniff')) push('X-Content-Type-Options', 'nosniff', index, origin, 'set `ContentTypeNosniff: true`');
    const sts = num(f, 'STSSeconds');
    if (sts !== 0) push('Strict-Transport-Security', Number.isNaN(sts) ? undefined : `max-age=${sts}${bool(f, 'STSIncludeSubdomains') ? '; includeSubDomains' : ''}${bool(f, 'STSPreload') ? '; preload' : ''}`, index, origin, 'set `STSSeconds: 31536000, STSIncludeSubdomains: true`');
    for (const [field, header] of [['ContentSecurityPolicy', 'Content-Security-Policy'], ['ReferrerPolicy', 'Referrer-Policy'], ['PermissionsPolicy', 'Permissions-Policy']] as const) {
      if (f.has(field)) push(header, str(f, field), index, origin, `set \`${field}\``);
    }
  }
  // `secure.DefaultConfig()` and other packages' defaults the check does not know.
  for (const m of text.matchAll(/\bsecure\.DefaultConfig\(\)/g)) out.unreadable.push({ location: at(m.index ?? 0), what: `secure.DefaultConfig() in ${file.path}` });

  // echo: middleware.Secure() sends nosniff and SAMEORIGIN; SecureWithConfig sends what its fields say.
  for (const m of text.matchAll(/\bmiddleware\.Secure(?:WithConfig\(\s*middleware\.SecureConfig\s*\{([^}]*)\}|\(\))/g)) {
    const index = m.index ?? 0;
    const f = m[1] === undefined ? new Map([['ContentTypeNosniff', '"nosniff"'], ['XFrameOptions', '"SAMEORIGIN"']]) : fields(m[1]);
    const origin = m[1] === undefined ? 'echo Secure() defaults' : `echo SecureWithConfig (${file.path})`;
    out.anchors.push({ location: at(index), what: origin });
    echoLike(f, index, origin, push, str, num, bool);
  }
  // fiber: helmet.New() fills what is not set with its defaults (nosniff, SAMEORIGIN, no-referrer).
  for (const m of text.matchAll(/\bhelmet\.New\((?:\s*helmet\.Config\s*\{([^}]*)\})?/g)) {
    const index = m.index ?? 0;
    const f = fields(m[1] ?? '');
    for (const [k, v] of [['ContentTypeNosniff', '"nosniff"'], ['XFrameOptions', '"SAMEORIGIN"'], ['ReferrerPolicy', '"no-referrer"']]) if (!f.has(k as string)) f.set(k as string, v as string);
    const origin = `fiber helmet (${file.path})`;
    out.anchors.push({ location: at(index), what: origin });
    echoLike(f, index, origin, push, str, num, bool, 'PermissionPolicy');
  }
}

function echoLike(
  f: Map<string, string>,
  index: number,
  origin: string,
  push: (name: string, value: string | undefined, index: number, origin: string, hint: string) => void,
  str: (f: Map<string, string>, key: string) => string | undefined,
  num: (f: Map<string, string>, key: string) => number,
  bool: (f: Map<string, string>, key: string) => boolean,
  permissions = 'PermissionsPolicy',
): void {
  for (const [field, header] of [['XFrameOptions', 'X-Frame-Options'], ['ContentTypeNosniff', 'X-Content-Type-Options'], ['ReferrerPolicy', 'Referrer-Policy'], [permissions, 'Permissions-Policy']] as const) {
    if (!f.has(field)) continue;
    const value = str(f, field);
    if (value !== '') push(header, value, index, origin, `set \`${field}\``);
  }
  if (f.has('ContentSecurityPolicy')) {
    const csp = str(f, 'ContentSecurityPolicy');
    if (csp !== '') push(bool(f, 'CSPReportOnly') ? 'Content-Security-Policy-Report-Only' : 'Content-Security-Policy', csp, index, origin, 'set `ContentSecurityPolicy`');
  }
  const age = num(f, 'HSTSMaxAge');
  if (age !== 0) push('Strict-Transport-Security', Number.isNaN(age) ? undefined : `max-age=${age}${bool(f, 'HSTSExcludeSubdomains') ? '' : '; includeSubDomains'}${bool(f, 'HSTSPreloadEnabled') ? '; preload' : ''}`, index, origin, 'set `HSTSMaxAge: 31536000`');
}
