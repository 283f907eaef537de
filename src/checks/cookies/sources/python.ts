import type { Location } from '../../../core/finding.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import { CSRF_NAME } from '../session-names.js';
import type { CookieConfig, Flag } from '../model.js';
import type { Found, ReadOptions } from './js.js';

/** A `SESSION_COOKIE_*` setting written in a Python file (Django settings, Flask config). */
export interface PySetting {
  name: string;
  /** The value as written (`True`, `'Strict'`, `not DEBUG`). */
  value: string;
  at: Location;
}

export interface PythonFacts {
  settings: PySetting[];
  django: boolean;
  flask: boolean;
  /** Where the framework is set up (the settings module, `Flask(__name__)`): where a missing setting is reported. */
  anchor?: Location;
  /** Django's CsrfViewMiddleware is installed: it sets the `csrftoken` cookie (unless CSRF_USE_SESSIONS). */
  csrfMiddleware?: boolean;
}

// `SESSION_COOKIE_SECURE = True`, `app.config["…"] = …`, and annotated class attributes of a config class
// (`SESSION_COOKIE_HTTPONLY: bool = …`).
const SETTING = /^(?:[ \t]*)(?:app\.config\[\s*['"]((?:SESSION|CSRF)_COOKIE_\w+)['"]\s*\]|((?:SESSION|CSRF)_COOKIE_\w+|CSRF_USE_SESSIONS)(?:[ \t]*:[ \t]*\w+)?)[ \t]*=[ \t]*([^\n#]+?)[ \t]*$/gm;
const UPDATE = /\b(SESSION_COOKIE_\w+)\s*=\s*([^,)\n]+)/g;

function literal(value: string): string | boolean | undefined {
  const v = value.trim();
  if (v === 'True') return true;
  if (v === 'False' || v === 'None') return false;
  const m = /^[rbuf]?(['"])(.*)\1$/i.exec(v);
  return m ? (m[2] as string) : undefined;
}

/** Collects `SESSION_COOKIE_*` settings and framework markers of one Python file. */
export function readPythonSettings(file: SourceFile, facts: PythonFacts): void {
  const text = blankComments(file.path, file.text);
  const loc = (index: number, length: number): Location => ({ path: file.path, ...file.span(index, index + length) });
  for (const m of text.matchAll(SETTING)) {
    const name = (m[1] ?? m[2]) as string;
    facts.settings.push({ name, value: m[3] as string, at: loc(m.index ?? 0, m[0].trimEnd().length) });
  }
  for (const call of text.matchAll(/\bconfig\.update\(([^)]*)\)/g)) {
    for (const m of (call[1] as string).matchAll(UPDATE)) {
      facts.settings.push({ name: m[1] as string, value: m[2] as string, at: loc((call.index ?? 0) + 14 + (m.index ?? 0), m[0].length) });
    }
  }
  if (/^\s*(?:INSTALLED_APPS|MIDDLEWARE)\s*=/m.test(text) && /django\./.test(text)) {
    facts.django = true;
    facts.anchor ??= { path: file.path, line: 1 };
  }
  if (/["']django\.middleware\.csrf\.CsrfViewMiddleware["']/.test(text)) facts.csrfMiddleware = true;
  // `Flask(__name__)`, or a subclass of Flask (`class ScoreboardFlask(Flask)`) created the same way.
  const subclass = /^class\s+(\w+)\(\s*Flask\s*\)/m.exec(text)?.[1];
  const flask = new RegExp(`\\b(?:Flask${subclass ? `|${subclass}` : ''})\\(\\s*__name__`).exec(text);
  if (flask) {
    facts.flask = true;
    facts.anchor ??= loc(flask.index, flask[0].length);
  }
}

/** Django and Flask session cookies from their settings, with each framework's defaults for what is not set. */
export function pythonSessionConfigs(facts: PythonFacts): CookieConfig[] {
  if (!facts.django && !facts.flask) return [];
  const anchor = facts.anchor as Location;
  const get = (name: string) => facts.settings.filter((s) => s.name === name).pop();
  const flag = (name: string, byDefault: boolean): Flag => {
    const s = get(name);
    if (!s) return byDefault ? { state: 'on', byDefault: true } : { state: 'missing' };
    const v = literal(s.value);
    if (typeof v === 'boolean') return { state: v ? 'on' : 'off', at: s.at };
    return { state: 'dynamic', at: s.at };
  };
  const sameSiteSetting = get('SESSION_COOKIE_SAMESITE');
  let sameSite: Flag;
  if (!sameSiteSetting) sameSite = facts.django ? { state: 'on', value: 'lax', byDefault: true } : { state: 'missing' };
  else {
    const v = literal(sameSiteSetting.value);
    sameSite = v === false ? { state: 'off', value: 'None', at: sameSiteSetting.at } : typeof v === 'string' ? { state: 'on', value: v.toLowerCase(), at: sameSiteSetting.at } : { state: 'dynamic', at: sameSiteSetting.at };
  }
  const csrf = facts.django && facts.csrfMiddleware && literal(get('CSRF_USE_SESSIONS')?.value ?? 'False') !== true ? [csrfCookie(facts, anchor, flag, get)] : [];
  const age = get(facts.django ? 'SESSION_COOKIE_AGE' : 'PERMANENT_SESSION_LIFETIME');
  const ageValue = age ? Number(age.value.replace(/_/g, '')) : NaN;
  const framework = facts.django ? 'Django' : 'Flask';
  return [
    ...csrf,
    {
      source: `${framework} settings`,
      name: facts.django ? 'sessionid' : 'session',
      at: anchor,
      secure: flag('SESSION_COOKIE_SECURE', false),
      httpOnly: flag('SESSION_COOKIE_HTTPONLY', true),
      sameSite,
      maxAge: age && Number.isFinite(ageValue) ? { seconds: ageValue, at: age.at } : facts.django && !age ? { seconds: 1209600, at: anchor, byDefault: true } : undefined,
      keys: {
        secure: 'SESSION_COOKIE_SECURE = True',
        httpOnly: 'SESSION_COOKIE_HTTPONLY = True',
        sameSite: "SESSION_COOKIE_SAMESITE = 'Strict'",
        maxAge: facts.django ? 'SESSION_COOKIE_AGE (seconds)' : 'PERMANENT_SESSION_LIFETIME',
      },
    },
  ];
}

/** Django's CSRF cookie: not Secure unless CSRF_COOKIE_SECURE, SameSite=Lax; scripts may read it. */
function csrfCookie(facts: PythonFacts, anchor: Location, flag: (name: string, byDefault: boolean) => Flag, get: (name: string) => PySetting | undefined): CookieConfig {
  const sameSite = get('CSRF_COOKIE_SAMESITE');
  const v = sameSite ? literal(sameSite.value) : 'Lax';
  return {
    source: 'Django CSRF settings',
    name: 'csrftoken',
    at: anchor,
    csrf: true,
    secure: flag('CSRF_COOKIE_SECURE', false),
    httpOnly: flag('CSRF_COOKIE_HTTPONLY', false),
    sameSite: v === false ? { state: 'off', value: 'None', at: sameSite?.at } : typeof v === 'string' ? { state: 'on', value: v.toLowerCase(), ...(sameSite ? { at: sameSite.at } : { byDefault: true }) } : { state: 'dynamic', at: sameSite?.at },
    keys: { secure: 'CSRF_COOKIE_SECURE = True', httpOnly: 'CSRF_COOKIE_HTTPONLY = True', sameSite: "CSRF_COOKIE_SAMESITE = 'Strict'", maxAge: 'CSRF_COOKIE_AGE (seconds)' },
  };
}

/** Keyword arguments of a call's argument text, and its positional arguments. */
function callArguments(args: string): { keywords: Map<string, { value: string; offset: number }>; positional: string[] } {
  const keywords = new Map<string, { value: string; offset: number }>();
  const positional: string[] = [];
  let depth = 0;
  let start = 0;
  const parts: { text: string; offset: number }[] = [];
  for (let i = 0; i <= args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if ((c === ',' && depth === 0) || i === args.length) {
      parts.push({ text: args.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  for (const part of parts) {
    const m = /^\s*([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*?)\s*$/.exec(part.text);
    if (m) keywords.set(m[1] as string, { value: m[2] as string, offset: part.offset + part.text.indexOf(m[1] as string) });
    else if (part.text.trim()) positional.push(part.text.trim());
  }
  return { keywords, positional };
}

/** `response.set_cookie(…)` (Flask/Werkzeug, Django, Starlette/FastAPI) and Starlette's `SessionMiddleware`. */
export function readPythonCookieCalls(file: SourceFile, options: ReadOptions, out: Found): void {
  const text = blankComments(file.path, file.text);
  const starlette = /\b(?:fastapi|starlette)\b/.test(text);
  const django = /\bdjango\b/.test(text);
  for (const m of text.matchAll(/\.set_cookie\(|\badd_middleware\(\s*SessionMiddleware\s*,|\bMiddleware\(\s*SessionMiddleware\s*,/g)) {
    const open = (m.index ?? 0) + m[0].length;
    let depth = 1;
    let i = open;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    const { keywords, positional } = callArguments(text.slice(open, i - 1));
    const at: Location = { path: file.path, ...file.span(m.index ?? 0, i) };
    const flag = (key: string, byDefault: boolean): Flag => {
      const k = keywords.get(key);
      if (!k) return byDefault ? { state: 'on', byDefault: true } : { state: 'missing' };
      const v = literal(k.value);
      const loc = { path: file.path, ...file.span(open + k.offset, open + k.offset + key.length) };
      return typeof v === 'boolean' ? { state: v ? 'on' : 'off', at: loc } : { state: 'dynamic', at: loc };
    };
    const sameSiteOf = (key: string, byDefault: string | undefined): Flag => {
      const k = keywords.get(key);
      if (!k) return byDefault ? { state: 'on', value: byDefault, byDefault: true } : { state: 'missing' };
      const v = literal(k.value);
      const loc = { path: file.path, ...file.span(open + k.offset, open + k.offset + key.length) };
      return v === false ? { state: 'off', value: 'None', at: loc } : typeof v === 'string' ? { state: 'on', value: v.toLowerCase(), at: loc } : { state: 'dynamic', at: loc };
    };
    if (m[0].includes('SessionMiddleware')) {
      out.configs.push({
        source: 'SessionMiddleware',
        name: 'session',
        at,
        secure: flag('https_only', false),
        httpOnly: { state: 'on', byDefault: true },
        sameSite: sameSiteOf('same_site', 'lax'),
        maxAge: keywords.has('max_age') ? maxAge(keywords.get('max_age')?.value, at) : { seconds: 14 * 24 * 3600, at, byDefault: true },
        keys: { secure: 'https_only=True', httpOnly: '', sameSite: "same_site='strict'", maxAge: 'max_age (seconds)' },
      });
      continue;
    }
    const nameText = keywords.get('key')?.value ?? positional[0];
    const name = nameText === undefined ? undefined : (literal(nameText) as string | undefined) ?? nameText;
    if (typeof name !== 'string' || !options.isSession(name)) continue;
    out.configs.push({
      source: `set_cookie(${JSON.stringify(name)})`,
      name,
      at,
      csrf: CSRF_NAME.test(name),
      byName: true,
      secure: flag('secure', false),
      httpOnly: flag('httponly', false),
      sameSite: sameSiteOf('samesite', starlette ? 'lax' : django ? 'lax' : undefined),
      maxAge: keywords.has('max_age') ? maxAge(keywords.get('max_age')?.value, at) : undefined,
      keys: { secure: 'secure=True', httpOnly: 'httponly=True', sameSite: "samesite='strict'", maxAge: 'max_age (seconds)' },
    });
  }
}

function maxAge(value: string | undefined, at: Location): CookieConfig['maxAge'] {
  if (value === undefined || !/^[\d_*\s]+$/.test(value)) return undefined;
  const n = value.split('*').reduce((acc, part) => acc * Number(part.replace(/_/g, '').trim()), 1);
  return Number.isFinite(n) ? { seconds: n, at } : undefined;
}
