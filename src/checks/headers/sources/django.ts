import type { Location } from '../../../core/finding.js';
import { UNKNOWN } from '../../../lang/js/evaluate.js';
import type { Collected, HeaderSetting } from '../types.js';
import { entry, type PyValue } from './pyvalue.js';
import { pyText, type PyAssignment } from './python.js';

/** What the settings modules of a Django project say, gathered over every settings file. */
export interface DjangoFacts {
  assignments: PyAssignment[];
  /** Files that define INSTALLED_APPS or MIDDLEWARE: the settings modules. */
  settingsFiles: Location[];
}

export function emptyDjango(): DjangoFacts {
  return { assignments: [], settingsFiles: [] };
}

/** The settings the headers depend on (and MIDDLEWARE). Other upper-case names are not kept. */
export const DJANGO_NAMES = /^(?:MIDDLEWARE(?:_CLASSES)?|SECURE_\w+|X_FRAME_OPTIONS|CSP_\w+|CONTENT_SECURITY_POLICY(?:_REPORT_ONLY)?|PERMISSIONS_POLICY)$/;

/** django-csp and Django 6 constants (`SELF`, `CSP.SELF`, `csp.constants.NONE`) as CSP source expressions. */
const CONSTANTS: Record<string, string> = {
  SELF: "'self'",
  NONE: "'none'",
  UNSAFE_INLINE: "'unsafe-inline'",
  UNSAFE_EVAL: "'unsafe-eval'",
  UNSAFE_HASHES: "'unsafe-hashes'",
  STRICT_DYNAMIC: "'strict-dynamic'",
  WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
  REPORT_SAMPLE: "'report-sample'",
  NONCE: `'nonce-${UNKNOWN}'`,
};

function source(value: PyValue): string {
  if (value.kind === 'name') return CONSTANTS[value.name.split('.').pop() as string] ?? UNKNOWN;
  if (value.kind === 'bool') return '';
  return pyText(value)?.text ?? UNKNOWN;
}

/** A CSP from a dict of directive → sources (django-csp 4 `DIRECTIVES`, Django 6 `SECURE_CSP`). */
function cspFromDict(value: PyValue | undefined): string | undefined {
  if (value?.kind !== 'dict') return undefined;
  return value.entries
    .map(([k, v]) => {
      const name = k.kind === 'str' ? k.text : UNKNOWN;
      if (v.kind === 'bool') return v.value ? name : '';
      const list = v.kind === 'list' ? v.items : [v];
      return [name, ...list.map(source)].join(' ').trim();
    })
    .filter(Boolean)
    .join('; ');
}

const NOT_DIRECTIVES = new Set(['CSP_REPORT_ONLY', 'CSP_INCLUDE_NONCE_IN', 'CSP_EXCLUDE_URL_PREFIXES', 'CSP_REPORT_PERCENTAGE']);

/** A CSP from django-csp 3's `CSP_*` settings, its default being `default-src 'self'`. */
function cspFromNames(get: (name: string) => PyAssignment | undefined, names: readonly string[]): string {
  const directives = new Map<string, string>([['default-src', "'self'"]]);
  const nonceIn = get('CSP_INCLUDE_NONCE_IN')?.value;
  for (const name of names) {
    if (!name.startsWith('CSP_') || NOT_DIRECTIVES.has(name)) continue;
    const value = get(name)?.value as PyValue;
    const directive = name.slice(4).toLowerCase().replace(/_/g, '-');
    if (value.kind === 'bool' || value.kind === 'none') {
      if (value.kind === 'bool' && value.value) directives.set(directive, '');
      else directives.delete(directive);
      continue;
    }
    const list = value.kind === 'list' ? value.items : [value];
    directives.set(directive, list.map(source).join(' '));
  }
  if (nonceIn?.kind === 'list') {
    for (const item of nonceIn.items) {
      const directive = item.kind === 'str' ? item.text : undefined;
      if (directive && directives.has(directive)) directives.set(directive, `${directives.get(directive)} 'nonce-${UNKNOWN}'`);
    }
  }
  return [...directives].map(([k, v]) => `${k} ${v}`.trim()).join('; ');
}

/**
 * The headers a Django project's settings make its middleware send: SecurityMiddleware (HSTS when
 * SECURE_HSTS_SECONDS is set, nosniff and Referrer-Policy `same-origin` by default), XFrameOptionsMiddleware
 * (DENY by default), django-csp or Django 6's CSP middleware, django-permissions-policy. Defaults are those
 * of Django 3.1 and later.
 */
export function djangoHeaders(facts: DjangoFacts, out: Collected): void {
  const anchor = facts.settingsFiles[0] as Location;
  const byName = new Map<string, PyAssignment[]>();
  for (const a of facts.assignments) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  // The last assignment of a name wins within a file; across settings modules, a production module that
  // sets it counts, so every file's last value is a candidate.
  const candidates = (name: string): PyAssignment[] => {
    const lastPerFile = new Map<string, PyAssignment>();
    for (const a of byName.get(name) ?? []) if (!a.extends) lastPerFile.set(a.at.path, a);
    return [...lastPerFile.values()];
  };
  const get = (name: string) => candidates(name).pop();
  const middleware = new Set<string>();
  for (const name of ['MIDDLEWARE', 'MIDDLEWARE_CLASSES']) {
    for (const a of byName.get(name) ?? []) if (a.value.kind === 'list') for (const item of a.value.items) if (item.kind === 'str') middleware.add(item.text);
  }
  const middlewareAt = get('MIDDLEWARE')?.at ?? anchor;
  out.readers.push('Django settings');
  out.anchors.push({ location: middlewareAt, what: `the Django settings (${middlewareAt.path})` });
  const push = (name: string, text: string | undefined, at: Location, origin: string, hint: string, extra: Partial<HeaderSetting> = {}) =>
    out.settings.push({ name, key: name.toLowerCase(), value: text === undefined ? undefined : { text, complete: !text.includes(UNKNOWN) }, location: at, origin, hint, ...extra });
  const uses = (dotted: string) => middleware.has(dotted);
  const flag = (name: string, byDefault: boolean): boolean | undefined => {
    const v = get(name)?.value;
    if (!v) return byDefault;
    return v.kind === 'bool' ? v.value : undefined;
  };

  if (uses('django.middleware.security.SecurityMiddleware')) {
    const hstsHint = 'set `SECURE_HSTS_SECONDS = 31536000` and `SECURE_HSTS_INCLUDE_SUBDOMAINS = True`';
    for (const a of candidates('SECURE_HSTS_SECONDS')) {
      if (a.value.kind === 'num' && a.value.value <= 0) continue;
      const seconds = a.value.kind === 'num' ? String(a.value.value) : UNKNOWN;
      const sub = flag('SECURE_HSTS_INCLUDE_SUBDOMAINS', false);
      const preload = flag('SECURE_HSTS_PRELOAD', false);
      const text = `max-age=${seconds}${sub === undefined ? `; ${UNKNOWN}` : sub ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`;
      push('Strict-Transport-Security', text, a.at, `Django SECURE_HSTS_SECONDS (${a.at.path})`, hstsHint);
    }
    const nosniff = flag('SECURE_CONTENT_TYPE_NOSNIFF', true);
    if (nosniff !== false) push('X-Content-Type-Options', nosniff === undefined ? undefined : 'nosniff', get('SECURE_CONTENT_TYPE_NOSNIFF')?.at ?? middlewareAt, 'Django SecurityMiddleware', 'set `SECURE_CONTENT_TYPE_NOSNIFF = True`');
    const referrers = candidates('SECURE_REFERRER_POLICY');
    if (!referrers.length) push('Referrer-Policy', 'same-origin', middlewareAt, 'Django SecurityMiddleware defaults', "set `SECURE_REFERRER_POLICY = 'strict-origin-when-cross-origin'`");
    for (const a of referrers) {
      if (a.value.kind === 'none') continue;
      push('Referrer-Policy', pyText(a.value, ',')?.text, a.at, `Django SECURE_REFERRER_POLICY (${a.at.path})`, "set `SECURE_REFERRER_POLICY = 'strict-origin-when-cross-origin'`");
    }
  }
  if (uses('django.middleware.clickjacking.XFrameOptionsMiddleware')) {
    const frames = candidates('X_FRAME_OPTIONS');
    if (!frames.length) push('X-Frame-Options', 'DENY', middlewareAt, 'Django XFrameOptionsMiddleware defaults', "set `X_FRAME_OPTIONS = 'DENY'`");
    for (const a of frames) push('X-Frame-Options', pyText(a.value)?.text, a.at, `Django X_FRAME_OPTIONS (${a.at.path})`, "set `X_FRAME_OPTIONS = 'DENY'`");
  }
  djangoCsp(uses, get, [...byName.keys()], middlewareAt, push);
  if (uses('django_permissions_policy.PermissionsPolicyMiddleware')) {
    const policy = get('PERMISSIONS_POLICY');
    const text = policy?.value.kind === 'dict' ? policy.value.entries.map(([k, v]) => `${pyText(k)?.text ?? UNKNOWN}=(${v.kind === 'list' ? v.items.map((i) => pyText(i)?.text ?? UNKNOWN).join(' ') : ''})`).join(', ') : policy ? undefined : '';
    if (text !== '') push('Permissions-Policy', text, policy?.at ?? middlewareAt, 'django-permissions-policy', 'set `PERMISSIONS_POLICY = {…}`');
  }
}

function djangoCsp(
  uses: (dotted: string) => boolean,
  get: (name: string) => PyAssignment | undefined,
  names: readonly string[],
  middlewareAt: Location,
  push: (name: string, text: string | undefined, at: Location, origin: string, hint: string, extra?: Partial<HeaderSetting>) => void,
): void {
  const hint = 'configure the CSP middleware';
  if (uses('django.middleware.csp.ContentSecurityPolicyMiddleware')) {
    for (const [setting, reportOnly] of [['SECURE_CSP', false], ['SECURE_CSP_REPORT_ONLY', true]] as const) {
      const a = get(setting);
      if (!a) continue;
      const text = cspFromDict(a.value);
      if (text !== '') push('Content-Security-Policy', text, a.at, `Django ${setting}`, hint, reportOnly ? { reportOnly } : {});
    }
  }
  if (!uses('csp.middleware.CSPMiddleware')) return;
  const v4 = ['CONTENT_SECURITY_POLICY', 'CONTENT_SECURITY_POLICY_REPORT_ONLY'].filter((n) => get(n));
  for (const setting of v4) {
    const a = get(setting) as PyAssignment;
    const directives = entry(a.value, 'DIRECTIVES');
    const text = a.value.kind === 'dict' ? cspFromDict(directives) : undefined;
    if (text !== '') push('Content-Security-Policy', text, a.at, `django-csp ${setting}`, hint, setting.endsWith('REPORT_ONLY') ? { reportOnly: true } : {});
  }
  if (v4.length) return;
  const reportOnly = get('CSP_REPORT_ONLY')?.value;
  const at = names.filter((n) => n.startsWith('CSP_')).map((n) => get(n)?.at).find(Boolean) ?? middlewareAt;
  push('Content-Security-Policy', cspFromNames(get, names), at, 'django-csp CSP_* settings', hint, reportOnly?.kind === 'bool' && reportOnly.value ? { reportOnly: true } : {});
}
