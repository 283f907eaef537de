import { resolve, staticBoolean, staticNumber, staticText, UNKNOWN, type StaticText } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { calleeName, propOf, readExpression, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';

/** Helmet's default CSP (helmet 5 and later). */
const DEFAULT_CSP: [string, string[]][] = [
  ['default-src', ["'self'"]],
  ['base-uri', ["'self'"]],
  ['font-src', ["'self'", 'https:', 'data:']],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['script-src', ["'self'"]],
  ['script-src-attr', ["'none'"]],
  ['style-src', ["'self'", 'https:', "'unsafe-inline'"]],
  ['upgrade-insecure-requests', []],
];

interface Protection {
  header: string;
  /** Option names, newest first (helmet 7 renamed most of them). */
  options: string[];
  /** Whether a bare `helmet()` sets it, by helmet major version. */
  byDefault: (major: number) => boolean;
  /** Reported when turned off: the protections the seed checklists ask for. */
  core: boolean;
  /** How to ask helmet for another value. */
  hint: string;
}

const PROTECTIONS: Protection[] = [
  { header: 'Content-Security-Policy', options: ['contentSecurityPolicy'], byDefault: (m) => m >= 4, core: true, hint: 'set `contentSecurityPolicy: { directives: { … } }`' },
  { header: 'Strict-Transport-Security', options: ['strictTransportSecurity', 'hsts'], byDefault: () => true, core: true, hint: 'set `strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true }`' },
  { header: 'X-Frame-Options', options: ['xFrameOptions', 'frameguard'], byDefault: () => true, core: true, hint: "set `xFrameOptions: { action: 'deny' }` (`frameguard` before helmet 7)" },
  { header: 'X-Content-Type-Options', options: ['xContentTypeOptions', 'noSniff'], byDefault: () => true, core: true, hint: 'leave `xContentTypeOptions` on' },
  { header: 'Referrer-Policy', options: ['referrerPolicy'], byDefault: () => true, core: true, hint: "set `referrerPolicy: { policy: 'strict-origin-when-cross-origin' }`" },
  { header: 'X-XSS-Protection', options: ['xXssProtection', 'xssFilter'], byDefault: () => true, core: false, hint: 'helmet always sends `0`; set the header yourself for another value' },
  { header: 'Cross-Origin-Opener-Policy', options: ['crossOriginOpenerPolicy'], byDefault: (m) => m >= 5, core: false, hint: 'set `crossOriginOpenerPolicy: { policy: … }`' },
  { header: 'Cross-Origin-Resource-Policy', options: ['crossOriginResourcePolicy'], byDefault: (m) => m >= 5, core: false, hint: 'set `crossOriginResourcePolicy: { policy: … }`' },
];

/** The value helmet sends for a protection, given its option value (undefined: the default). */
function valueOf(p: Protection, option: JsValue | undefined, scope: Scope, major: number): StaticText | undefined {
  const opts = resolve(option, scope);
  const known = (text: string): StaticText => ({ text, complete: true });
  const unknownOpts = opts !== undefined && opts.kind !== 'object' && opts.kind !== 'boolean';
  if (unknownOpts) return undefined;
  const get = (key: string) => (opts?.kind === 'object' ? propOf(opts, key)?.value : undefined);
  switch (p.header) {
    case 'Content-Security-Policy':
      return cspValue(opts, scope, major);
    case 'Strict-Transport-Security': {
      const maxAgeOpt = get('maxAge');
      const maxAge = maxAgeOpt === undefined ? (major >= 5 ? 31536000 : 15552000) : staticNumber(maxAgeOpt, scope);
      const sub = get('includeSubDomains') === undefined ? true : staticBoolean(get('includeSubDomains'), scope);
      const preload = get('preload') === undefined ? false : staticBoolean(get('preload'), scope);
      if (maxAge === undefined || sub === undefined || preload === undefined) return undefined;
      return known(`max-age=${Math.floor(maxAge)}${sub ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`);
    }
    case 'X-Frame-Options': {
      const action = get('action');
      if (action === undefined) return known('SAMEORIGIN');
      const text = staticText(action, scope);
      return text ? known(text.text.toUpperCase() === 'DENY' ? 'DENY' : 'SAMEORIGIN') : undefined;
    }
    case 'X-Content-Type-Options':
      return known('nosniff');
    case 'Referrer-Policy': {
      const policy = get('policy');
      if (policy === undefined) return known('no-referrer');
      const target = resolve(policy, scope);
      if (target?.kind === 'array') {
        const parts = target.items.map((item) => staticText(item, scope));
        return parts.every(Boolean) ? known(parts.map((x) => x?.text).join(',')) : undefined;
      }
      return staticText(target, scope);
    }
    case 'X-XSS-Protection':
      return known(major >= 4 ? '0' : '1; mode=block');
    default:
      return known('same-origin');
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function cspValue(opts: JsValue | undefined, scope: Scope, major: number): StaticText | undefined {
  const directives = new Map<string, string[]>(major >= 5 || !opts ? DEFAULT_CSP : []);
  if (opts?.kind === 'object') {
    const useDefaults = propOf(opts, 'useDefaults');
    if (useDefaults && staticBoolean(useDefaults.value, scope) === false) directives.clear();
    const given = resolve(propOf(opts, 'directives')?.value, scope);
    if (given && given.kind !== 'object') return undefined;
    if (given?.kind === 'object') {
      if (major < 5) directives.clear();
      for (const prop of given.props) {
        if (prop.key === undefined) return undefined;
        const name = kebab(prop.key);
        const value = resolve(prop.value, scope);
        if (value?.kind === 'null') {
          directives.delete(name);
          continue;
        }
        const list = value?.kind === 'array' ? value.items : value ? [value] : [];
        directives.set(
          name,
          list.map((item) => {
            const text = staticText(item, scope);
            return text?.complete ? text.text : UNKNOWN;
          }),
        );
      }
    }
  }
  return { text: [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join(';'), complete: true };
}

export interface HelmetContext {
  /** helmet's major version from package.json (default: the current major). */
  major: number;
}

/**
 * helmet in Express, Nest, Koa (`koa-helmet`) and Fastify (`@fastify/helmet`): what each use of it sends,
 * with defaults filled in, and the protections it turns off.
 */
export function readHelmet(file: SourceFile, tokens: readonly Token[], scope: Scope, ctx: HelmetContext, out: Collected): void {
  const names = helmetNames(file.text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // app.use(require('helmet')({ … })), fastify.register(require('@fastify/helmet'), { … })
    if (t.kind === 'ident' && t.text === 'require' && isPunct(tokens[i + 1], '(') && HELMET_PACKAGES.has(tokens[i + 2]?.kind === 'string' ? (tokens[i + 2] as Token).text : '') && isPunct(tokens[i + 3], ')')) {
      const at = { path: file.path, ...file.span(t.start, (tokens[i + 3] as Token).end) };
      if (isPunct(tokens[i + 4], '(')) {
        const [expr] = readExpression(tokens, i);
        if (expr.kind === 'call' && expr.callee.kind === 'call') emit(file, at, expr.args[0], undefined, scope, ctx, out);
      } else {
        const call = registerCall(tokens, i);
        if (call) emit(file, at, call.args[1], undefined, scope, ctx, out);
      }
      continue;
    }
    if (t.kind !== 'ident' || !names.has(t.text)) continue;
    const prev = tokens[i - 1];
    if (prev?.kind === 'punct' && (prev.text === '.' || prev.text === '?.')) continue;
    if (prev?.kind === 'ident' && (prev.text === 'import' || prev.text === 'const' || prev.text === 'let' || prev.text === 'var')) continue;
    const [expr] = readExpression(tokens, i);
    const at = { path: file.path, ...file.span(t.start, t.end) };
    let options: JsValue | undefined;
    let only: Protection | undefined;
    if (expr.kind === 'call' && expr.callee.kind === 'ident') {
      options = expr.args[0];
    } else if (expr.kind === 'call' && expr.callee.kind === 'member' && calleeName(expr.callee)?.startsWith(`${t.text}.`)) {
      // helmet.frameguard({ action: 'deny' }): one protection alone.
      const method = expr.callee.property ?? '';
      only = PROTECTIONS.find((p) => p.options.includes(method));
      if (!only) continue;
      options = expr.args[0];
    } else if (isPunct(prev, '(') || isPunct(prev, ',')) {
      // fastify.register(helmet, { … }): the plugin is an argument.
      const open = registerCall(tokens, i);
      if (!open) continue;
      options = open.args[1];
    } else {
      continue;
    }
    emit(file, at, options, only, scope, ctx, out);
  }
}

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/** `x.register(helmet, opts)`: the register call whose first argument is at token `i`. */
function registerCall(tokens: readonly Token[], i: number): Extract<JsValue, { kind: 'call' }> | undefined {
  if (!isPunct(tokens[i - 1], '(') || tokens[i - 2]?.text !== 'register') return undefined;
  let j = i - 3;
  while (j > 0 && (tokens[j]?.kind === 'ident' || isPunct(tokens[j], '.'))) j--;
  const [expr] = readExpression(tokens, j + 1);
  return expr.kind === 'call' ? expr : undefined;
}

function emit(file: SourceFile, at: HeaderSetting['location'], options: JsValue | undefined, only: Protection | undefined, scope: Scope, ctx: HelmetContext, out: Collected): void {
  const opts = resolve(options, scope);
  out.anchors.push({ location: at, what: `helmet in ${file.path}` });
  if (opts !== undefined && opts.kind !== 'object') {
    out.unreadable.push({ location: at, what: `the helmet options in ${file.path}`, headers: new Set(PROTECTIONS.map((p) => p.header.toLowerCase())) });
    return;
  }
  for (const p of only ? [only] : PROTECTIONS) {
    const optionProp = only ? undefined : p.options.map((name) => propOf(opts, name)).find(Boolean);
    const option = only ? opts : optionProp?.value;
    if (!only && option?.kind === 'boolean' && !option.value) {
      out.helmetOff.push({ name: p.header, key: p.header.toLowerCase(), option: optionProp?.key ?? '', location: { path: file.path, ...file.span(optionProp?.keyStart ?? 0, option.end) } });
      continue;
    }
    if (!only && option === undefined && !p.byDefault(ctx.major)) continue;
    const value = valueOf(p, option, scope, ctx.major);
    const written = optionProp ?? undefined;
    const location = written ? { path: file.path, ...file.span(written.keyStart, written.keyEnd) } : at;
    const reportOnly = p.header === 'Content-Security-Policy' && option?.kind === 'object' && staticBoolean(propOf(option, 'reportOnly')?.value, scope) === true;
    out.settings.push({
      name: p.header,
      key: p.header.toLowerCase(),
      value,
      location,
      origin: written || only ? 'helmet' : 'helmet defaults',
      hint: p.hint,
      reportOnly,
    });
  }
}

const HELMET_PACKAGES = new Set(['helmet', '@fastify/helmet', 'fastify-helmet', 'koa-helmet']);

/** Local names under which a file imports helmet (`helmet`, `fastifyHelmet`, …). */
function helmetNames(text: string): Set<string> {
  const names = new Set<string>();
  const pkg = `['"](?:helmet|@fastify/helmet|fastify-helmet|koa-helmet)['"]`;
  for (const m of text.matchAll(new RegExp(`import\\s+(?:\\*\\s+as\\s+)?([A-Za-z_$][\\w$]*)\\s*(?:,\\s*\\{[^}]*\\})?\\s*from\\s*${pkg}`, 'g'))) names.add(m[1] as string);
  for (const m of text.matchAll(new RegExp(`(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(?:require|await\\s+import)\\(\\s*${pkg}\\s*\\)`, 'g'))) names.add(m[1] as string);
  return names;
}
