import type { Location } from '../../../core/finding.js';
import { resolve, staticNumber, staticText } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { calleeName, propOf, readExpression, returnsOf, type JsProp, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import { CSRF_NAME } from '../session-names.js';
import { addClassFields, imported, lookup, resolveOptions } from './options.js';
import type { CookieConfig, Flag, UnreadableCookie } from '../model.js';

export interface Found {
  configs: CookieConfig[];
  unreadable: UnreadableCookie[];
}

export interface ReadOptions {
  isSession: (name: string) => boolean;
}

type Call = Extract<JsValue, { kind: 'call' }>;

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/** SvelteKit server modules, where `cookies` is the request's cookie jar. */
const SVELTEKIT_SERVER = /(?:^|\/)(?:\+(?:page|layout)\.server|\+server|hooks\.server)\.[jt]s$/;
const SVELTEKIT_IMPORT = /from\s+['"](?:@sveltejs\/kit|\.\/\$types|\$app\/[\w/]+)['"]/;

const NEXT_AUTH_TYPES = /^(?:NextAuthOptions|AuthOptions|NextAuthConfig|AuthConfig)$/;
const NEXT_AUTH_DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

/** Cookie flags of an options object, with the library's defaults for what is not written. */
export function flagsOf(
  file: SourceFile,
  options: JsValue | undefined,
  scope: Scope,
  keys: { secure: string[]; httpOnly: string[]; sameSite: string[] },
  defaults: { secure?: boolean; httpOnly?: boolean; sameSite?: string },
): Pick<CookieConfig, 'secure' | 'httpOnly' | 'sameSite'> {
  const obj = resolveOptions(options, scope);
  const loc = (p: JsProp): Location => ({ path: file.path, ...file.span(p.keyStart, p.value.end) });
  const find = (names: string[]) => names.map((n) => lookup(obj, n, scope)).find(Boolean);
  const bool = (names: string[], byDefault: boolean | undefined): Flag => {
    const p = find(names);
    if (p === 'unknown') return { state: 'dynamic' };
    if (!p) return byDefault ? { state: 'on', byDefault: true } : { state: 'missing' };
    const v = resolve(p.value, scope);
    if (v?.kind === 'boolean') return { state: v.value ? 'on' : 'off', at: loc(p) };
    // `secure: 'auto'` (express-session) and expressions such as `process.env.NODE_ENV === 'production'`.
    return { state: 'dynamic', at: loc(p) };
  };
  const sameSiteProp = find(keys.sameSite);
  let sameSite: Flag;
  if (sameSiteProp === 'unknown') sameSite = { state: 'dynamic' };
  else if (!sameSiteProp) sameSite = defaults.sameSite ? { state: 'on', value: defaults.sameSite, byDefault: true } : { state: 'missing' };
  else {
    const v = resolve(sameSiteProp.value, scope);
    const text = staticText(v, scope);
    if (v?.kind === 'boolean') sameSite = v.value ? { state: 'on', value: 'strict', at: loc(sameSiteProp) } : { state: 'off', value: 'false', at: loc(sameSiteProp) };
    else if (text?.complete) sameSite = { state: 'on', value: text.text.toLowerCase(), at: loc(sameSiteProp) };
    else sameSite = { state: 'dynamic', at: loc(sameSiteProp) };
  }
  return { secure: bool(keys.secure, defaults.secure), httpOnly: bool(keys.httpOnly, defaults.httpOnly), sameSite };
}

function maxAgeOf(file: SourceFile, options: JsValue | undefined, scope: Scope, names: string[], unit: number): CookieConfig['maxAge'] {
  const obj = resolve(options, scope);
  const p = names.map((n) => propOf(obj, n)).find(Boolean);
  if (!p) return undefined;
  const n = staticNumber(p.value, scope);
  return n === undefined ? undefined : { seconds: n * unit, at: { path: file.path, ...file.span(p.keyStart, p.value.end) } };
}

/** The innermost call of a chain whose method is `method` (`res.status(200).cookie(…).json()` → the cookie call). */
function findCall(value: JsValue | undefined, test: (call: Call) => boolean): Call | undefined {
  let current = value;
  while (current) {
    if (current.kind === 'call') {
      if (test(current)) return current;
      current = current.callee;
    } else if (current.kind === 'member') current = current.object;
    else return undefined;
  }
  return undefined;
}

/** Index of the first token of the member/call chain that ends at token `i` (a method name). */
function chainStart(tokens: readonly Token[], i: number): number {
  let j = i;
  for (;;) {
    const dot = tokens[j - 1];
    if (!isPunct(dot, '.') && !isPunct(dot, '?.')) return j;
    let k = j - 2;
    const t = tokens[k];
    if (!t) return j;
    if (t.kind === 'ident') {
      j = k;
      continue;
    }
    if (isPunct(t, ')')) {
      let depth = 0;
      for (; k >= 0; k--) {
        const x = tokens[k] as Token;
        if (isPunct(x, ')')) depth++;
        else if (isPunct(x, '(')) {
          depth--;
          if (depth === 0) break;
        }
      }
      if (tokens[k - 1]?.kind === 'ident' && !['await', 'return', 'typeof'].includes((tokens[k - 1] as Token).text)) k--;
      j = k;
      continue;
    }
    return j;
  }
}

function nameOf(value: JsValue | undefined, scope: Scope): string | undefined {
  const text = staticText(value, scope);
  if (text?.complete) return text.text;
  const target = resolve(value, scope);
  if (target?.kind === 'ident') return target.name;
  if (value?.kind === 'member') return value.property;
  return undefined;
}

/** Local names a file gives to the default export of a package (`import session from 'express-session'`). */
function importNames(text: string, pkg: string): Set<string> {
  const names = new Set<string>();
  const quoted = `['"]${pkg.replace(/[/.-]/g, (c) => `\\${c}`)}['"]`;
  for (const m of text.matchAll(new RegExp(`import\\s+([A-Za-z_$][\\w$]*)\\s*(?:,\\s*\\{[^}]*\\})?\\s*from\\s*${quoted}`, 'g'))) names.add(m[1] as string);
  for (const m of text.matchAll(new RegExp(`(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*require\\(\\s*${quoted}\\s*\\)`, 'g'))) names.add(m[1] as string);
  return names;
}

/**
 * Session cookie configuration in JavaScript/TypeScript: NextAuth/Auth.js options, express-session,
 * cookie-session, and cookie setters (`cookies().set`, `response.cookies.set`, `res.cookie`,
 * `reply.setCookie`, Hono's `setCookie`, `serialize`) for cookies whose names say they hold a session.
 */
export function readJsCookies(file: SourceFile, tokens: readonly Token[], scope: Scope, options: ReadOptions, out: Found): void {
  const at = (v: { start: number; end: number }): Location => ({ path: file.path, ...file.span(v.start, v.end) });
  addClassFields(tokens, scope);
  const seen = new Set<number>();
  const sessionNames = importNames(file.text, 'express-session');
  const cookieSessionNames = importNames(file.text, 'cookie-session');
  const usesNextAuth = /from\s*['"](?:next-auth|@auth\/)|require\(\s*['"]next-auth/.test(file.text);
  const authConfigs: { value: Extract<JsValue, { kind: 'object' }>; where: Location; spreads: boolean }[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident') continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const afterDot = isPunct(prev, '.') || isPunct(prev, '?.');

    // NextAuth(options) / NextAuth((req) => options)
    if (usesNextAuth && t.text === 'NextAuth' && isPunct(next, '(') && !afterDot) {
      const [call] = readExpression(tokens, i);
      if (call.kind !== 'call') continue;
      let arg = resolve(call.args[0], scope);
      if (arg?.kind === 'function') arg = resolve(returnsOf(arg)[0], scope);
      if (arg?.kind === 'object') authConfigs.push({ value: arg, where: at(t), spreads: arg.props.some((p) => p.spread) });
      continue;
    }
    // const authOptions: NextAuthOptions = { … }; export default { … } satisfies NextAuthConfig
    if (usesNextAuth && NEXT_AUTH_TYPES.test(t.text)) {
      let value: JsValue | undefined;
      if (isPunct(prev, ':') && isPunct(next, '=')) value = readExpression(tokens, i + 2)[0];
      else if ((prev?.text === 'satisfies' || prev?.text === 'as') && isPunct(tokens[i - 2], '}')) {
        let depth = 0;
        let k = i - 2;
        for (; k >= 0; k--) {
          const x = tokens[k] as Token;
          if (isPunct(x, '}')) depth++;
          else if (isPunct(x, '{')) {
            depth--;
            if (depth === 0) break;
          }
        }
        value = readExpression(tokens, k)[0];
      }
      const obj = resolve(value, scope);
      if (obj?.kind === 'object') authConfigs.push({ value: obj, where: at(obj), spreads: obj.props.some((p) => p.spread) });
      continue;
    }
    if (!isPunct(next, '(')) continue;

    // session({ cookie: { … } }) and cookieSession({ … })
    if (!afterDot && (sessionNames.has(t.text) || cookieSessionNames.has(t.text))) {
      const [call] = readExpression(tokens, i);
      if (call.kind !== 'call') continue;
      const isExpressSession = sessionNames.has(t.text);
      const opts = resolve(call.args[0], scope);
      if (call.args[0] !== undefined && opts?.kind !== 'object') {
        out.unreadable.push({ source: isExpressSession ? 'express-session' : 'cookie-session', at: at(t) });
        continue;
      }
      if (isExpressSession) {
        const cookie = resolve(propOf(opts, 'cookie')?.value, scope);
        if (cookie !== undefined && cookie.kind !== 'object') {
          out.unreadable.push({ source: 'express-session', at: at(propOf(opts, 'cookie')?.value ?? t) });
          continue;
        }
        out.configs.push({
          source: 'express-session',
          name: nameOf(propOf(opts, 'name')?.value, scope) ?? 'connect.sid',
          at: at(t),
          ...flagsOf(file, cookie, scope, { secure: ['secure'], httpOnly: ['httpOnly'], sameSite: ['sameSite'] }, { httpOnly: true }),
          maxAge: maxAgeOf(file, cookie, scope, ['maxAge'], 1 / 1000),
          keys: { secure: 'cookie.secure: true', httpOnly: 'cookie.httpOnly: true', sameSite: "cookie.sameSite: 'strict'", maxAge: 'cookie.maxAge (milliseconds)' },
        });
      } else {
        out.configs.push({
          source: 'cookie-session',
          name: nameOf(propOf(opts, 'name')?.value, scope) ?? 'session',
          at: at(t),
          ...flagsOf(file, opts, scope, { secure: ['secure'], httpOnly: ['httpOnly'], sameSite: ['sameSite'] }, { httpOnly: true }),
          maxAge: maxAgeOf(file, opts, scope, ['maxAge'], 1 / 1000),
          keys: { secure: 'secure: true', httpOnly: 'httpOnly: true', sameSite: "sameSite: 'strict'", maxAge: 'maxAge (milliseconds)' },
        });
      }
      continue;
    }

    // Setters: res.cookie(name, value, opts), reply.setCookie(…), cookies().set(…), response.cookies.set(…)
    if (afterDot && (t.text === 'cookie' || t.text === 'setCookie' || t.text === 'set' || t.text === 'serialize')) {
      const start = chainStart(tokens, i);
      if (seen.has((tokens[start] as Token).start * 1000 + i)) continue;
      seen.add((tokens[start] as Token).start * 1000 + i);
      const [expr] = readExpression(tokens, start);
      const call = findCall(expr, (c) => c.callee.kind === 'member' && c.callee.property === t.text && c.callee.end === t.end);
      if (!call || call.callee.kind !== 'member') continue;
      const receiver = calleeName(call.callee.object) ?? '';
      if (t.text === 'set' && !/cookie/i.test(receiver)) continue;
      if (t.text === 'serialize' && !/cookie/i.test(receiver)) continue;
      setter(file, call, receiver, t.text, scope, options, out);
      continue;
    }
    // Hono: setCookie(c, name, value, opts); the `cookie` package: serialize(name, value, opts)
    if (!afterDot && (t.text === 'setCookie' || t.text === 'serialize') && /['"](?:hono\/cookie|cookie)['"]/.test(file.text)) {
      const [call] = readExpression(tokens, i);
      if (call.kind !== 'call') continue;
      const shifted: Call = t.text === 'setCookie' ? { ...call, args: call.args.slice(1) } : call;
      setter(file, shifted, '', t.text, scope, options, out);
    }
  }

  const done = new Set<number>();
  for (const config of authConfigs) {
    if (done.has(config.value.start)) continue;
    done.add(config.value.start);
    nextAuth(file, config.value, config.where, config.spreads, scope, out);
  }
}

function setter(file: SourceFile, call: Call, receiver: string, method: string, scope: Scope, options: ReadOptions, out: Found): void {
  const at = (v: { start: number; end: number }): Location => ({ path: file.path, ...file.span(v.start, v.end) });
  let nameValue = call.args[0];
  let valueArg = call.args[1];
  let opts = call.args[2];
  // cookies().set({ name, value, httpOnly, … })
  const first = resolve(call.args[0], scope);
  if (first?.kind === 'object' && call.args.length === 1) {
    nameValue = propOf(first, 'name')?.value;
    valueArg = propOf(first, 'value')?.value;
    opts = first;
  }
  const name = nameOf(nameValue, scope);
  if (!name || !options.isSession(name)) return;
  // Deleting a cookie (empty value, maxAge 0) needs no flags.
  const emptied = staticText(valueArg, scope);
  if (emptied?.complete && emptied.text === '') return;
  if (staticNumber(propOf(resolve(opts, scope), 'maxAge')?.value, scope) === 0) return;
  const resolved = resolveOptions(opts, scope);
  const label = `${receiver ? `${receiver}.` : ''}${method}(${JSON.stringify(name)})`;
  if (opts !== undefined && resolved?.kind !== 'object') {
    const keys = { secure: 'secure: true', httpOnly: 'httpOnly: true', sameSite: "sameSite: 'strict'", maxAge: 'maxAge' };
    out.unreadable.push({ source: label, at: at(call), name, ...imported(file, opts, { source: label, name, at: at(call), csrf: CSRF_NAME.test(name), keys }) });
    return;
  }
  // Koa's `cookies` defaults httpOnly to true and secure to the request's protocol: Secure on HTTPS (with
  // `app.proxy` behind a TLS proxy), and it refuses `secure: true` on plain HTTP, so an unset flag is not a hole.
  const koa = /^ctx\.cookies$/.test(receiver);
  // SvelteKit's `cookies.set` defaults to httpOnly, secure (except on localhost) and SameSite=Lax.
  const svelteKit = method === 'set' && /^(?:\w+\.)?cookies$/.test(receiver) && (SVELTEKIT_SERVER.test(file.path) || SVELTEKIT_IMPORT.test(file.text));
  // Express (res.cookie) takes maxAge in milliseconds; the others in seconds.
  const unit = method === 'cookie' ? 1 / 1000 : 1;
  const flags = flagsOf(file, resolved, scope, { secure: ['secure'], httpOnly: ['httpOnly'], sameSite: ['sameSite'] }, svelteKit ? { httpOnly: true, secure: true, sameSite: 'lax' } : { httpOnly: koa, secure: koa });
  // A flag that may come from a spread the check cannot read (`{ ...sharedOptions }`): not a failure, a notice.
  if (Object.values(flags).some((f) => f.state === 'dynamic' && !f.at)) {
    out.unreadable.push({ source: label, at: at(call), name });
    return;
  }
  out.configs.push({
    source: label,
    name,
    at: at(call),
    csrf: CSRF_NAME.test(name),
    byName: true,
    ...flags,
    maxAge: maxAgeOf(file, resolved, scope, ['maxAge'], unit),
    keys: { secure: 'secure: true', httpOnly: 'httpOnly: true', sameSite: "sameSite: 'strict'", maxAge: `maxAge (${unit === 1 ? 'seconds' : 'milliseconds'})` },
  });
}

/** NextAuth/Auth.js: `useSecureCookies`, explicit `cookies` options (which replace the defaults), session lifetime. */
function nextAuth(file: SourceFile, config: Extract<JsValue, { kind: 'object' }>, where: Location, spreads: boolean, scope: Scope, out: Found): void {
  const at = (v: { start: number; end: number }): Location => ({ path: file.path, ...file.span(v.start, v.end) });
  const useSecure = propOf(config, 'useSecureCookies');
  const secureDefault: Flag = useSecure
    ? resolve(useSecure.value, scope)?.kind === 'boolean'
      ? { state: (resolve(useSecure.value, scope) as { value: boolean }).value ? 'on' : 'off', at: at({ start: useSecure.keyStart, end: useSecure.value.end }) }
      : { state: 'dynamic' }
    : { state: 'on', byDefault: true };
  const sessionMax = resolve(propOf(config, 'session')?.value, scope);
  const maxAgeProp = propOf(sessionMax, 'maxAge');
  const maxAgeValue = maxAgeProp ? staticNumber(maxAgeProp.value, scope) : undefined;
  const maxAge = maxAgeProp
    ? maxAgeValue === undefined ? undefined : { seconds: maxAgeValue, at: at({ start: maxAgeProp.keyStart, end: maxAgeProp.value.end }) }
    : spreads ? undefined : { seconds: NEXT_AUTH_DEFAULT_MAX_AGE, at: where, byDefault: true };
  const keys = {
    secure: 'useSecureCookies: true (or options.secure: true)',
    httpOnly: 'options.httpOnly: true',
    sameSite: "options.sameSite: 'strict'",
    maxAge: 'session.maxAge (seconds)',
  };
  const cookiesProp = propOf(config, 'cookies');
  const cookies = resolve(cookiesProp?.value, scope);
  if (cookiesProp && cookies?.kind !== 'object') {
    out.unreadable.push({ source: 'NextAuth cookies', at: at(cookiesProp.value) });
    return;
  }
  const session = propOf(cookies, 'sessionToken');
  if (session && secureDefault.state === 'off') {
    // The explicit session cookie has its own options, but the other NextAuth cookies follow useSecureCookies.
    out.configs.push({
      source: 'NextAuth',
      name: 'next-auth.csrf-token',
      at: where,
      csrf: true,
      secure: secureDefault,
      httpOnly: { state: 'on', byDefault: true },
      sameSite: { state: 'on', value: 'lax', byDefault: true },
      keys,
    });
  }
  if (!session) {
    if (spreads && !useSecure) return;
    // Defaults: an HttpOnly, SameSite=Lax session cookie, Secure unless useSecureCookies is false.
    out.configs.push({
      source: 'NextAuth',
      name: 'next-auth.session-token',
      at: where,
      secure: secureDefault,
      httpOnly: { state: 'on', byDefault: true },
      sameSite: { state: 'on', value: 'lax', byDefault: true },
      maxAge,
      keys,
    });
  }
  for (const entry of cookies?.kind === 'object' ? cookies.props : []) {
    if (!entry.key) continue;
    const options = propOf(resolve(entry.value, scope), 'options')?.value;
    if (!options) continue;
    const resolved = resolve(options, scope);
    if (resolved?.kind !== 'object') {
      const cookie = { source: `NextAuth cookies.${entry.key}`, name: nameOf(propOf(resolve(entry.value, scope), 'name')?.value, scope) ?? entry.key, at: at(options), csrf: entry.key === 'csrfToken', keys };
      out.unreadable.push({ source: cookie.source, at: cookie.at, ...imported(file, options, cookie) });
      continue;
    }
    const flags = flagsOf(file, resolved, scope, { secure: ['secure'], httpOnly: ['httpOnly'], sameSite: ['sameSite'] }, {});
    out.configs.push({
      source: `NextAuth cookies.${entry.key}`,
      name: nameOf(propOf(resolve(entry.value, scope), 'name')?.value, scope) ?? entry.key,
      at: at(resolved),
      csrf: entry.key === 'csrfToken',
      ...flags,
      maxAge: entry.key === 'sessionToken' ? maxAge : undefined,
      keys,
    });
  }
}
