import { resolve, staticText } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { propOf, readExpression, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import { enclosingRoute, narrowed } from '../scope.js';
import type { Collected, HeaderSetting } from '../types.js';

/** Methods that set a response header: `headers.set`, `res.setHeader`, `res.set`, `reply.header`, `c.header`. */
const SETTERS = new Set(['set', 'append', 'setHeader', 'header', 'appendHeader']);
/** h3 / Nuxt server utilities that take the event first: `setResponseHeader(event, name, value)`. */
const EVENT_SETTERS = new Set(['setResponseHeader', 'setHeader', 'appendResponseHeader', 'appendHeader']);
/** Keys whose object value holds headers: `headers`, `globalHeaders` (Azure), `responseHeaders`. */
const HEADERS_KEY = /headers$/i;
/** Keys of a route object that say which paths its headers are for. */
const ROUTE_KEYS = ['source', 'route', 'path', 'for'];

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

function stringOf(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'string') return t.text;
  if (t.kind === 'template' && !t.exprs?.length) return t.text;
  return undefined;
}

/** The index of the bracket that opens the one containing token `i` (-1 at the top level). */
function enclosingOpener(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '}' || t.text === ')' || t.text === ']') depth++;
    else if (t.text === '{' || t.text === '(' || t.text === '[') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** The index of the `{` that opens the object literal containing token `i`. */
function enclosingBrace(tokens: readonly Token[], i: number): number {
  const j = enclosingOpener(tokens, i);
  return j !== -1 && isPunct(tokens[j], '{') ? j : -1;
}

/** A `(` that opens the arguments of a call or `new` (not a parenthesised expression or a parameter list). */
function isCallParen(tokens: readonly Token[], open: number): boolean {
  const before = tokens[open - 1];
  if (!before) return false;
  if (before.kind === 'ident') return !['if', 'while', 'for', 'switch', 'return', 'typeof', 'await', 'function', 'catch'].includes(before.text);
  return isPunct(before, ')') || isPunct(before, '>') || isPunct(before, ']');
}

/** How a value starting at token `open` is used: passed to a call, assigned to a name, returned, or part of data. */
function usage(tokens: readonly Token[], open: number): 'argument' | 'assigned' | 'returned' | 'property' | 'element' | 'other' {
  const prev = tokens[open - 1];
  if (isPunct(prev, '=')) return 'assigned';
  if (prev?.kind === 'ident' && (prev.text === 'return' || prev.text === 'export' || prev.text === 'default')) return 'returned';
  if (isPunct(prev, '(') && isPunct(tokens[open - 2], '=>')) return 'returned';
  if (isPunct(prev, '=>')) return 'returned';
  if (isPunct(prev, ':')) return 'property';
  if (isPunct(prev, '(') || isPunct(prev, ',')) {
    const opener = isPunct(prev, '(') ? open - 1 : enclosingOpener(tokens, open);
    if (opener !== -1 && isPunct(tokens[opener], '(') && isCallParen(tokens, opener)) return 'argument';
    if (opener !== -1 && isPunct(tokens[opener], '[')) return 'element';
  }
  if (isPunct(prev, '[')) return 'element';
  return 'other';
}

/** The string value of a route key (`source`, `route`, `for`) of the object opening at `open`, if any. */
function routeOfObject(tokens: readonly Token[], open: number, scope: Scope): string | undefined {
  const [object] = readExpression(tokens, open);
  for (const key of ROUTE_KEYS) {
    const text = staticText(propOf(object, key)?.value, scope);
    if (text) return text.text;
  }
  return undefined;
}

/** Where a header configuration at token `i` applies: every route (undefined) or the routes named. */
export interface ScopeContext {
  /** Every setting of the file applies to these routes only (a route handler, narrowed middleware). */
  fileRoutes?: string;
  /** Offsets ranges of header lists that next.config's headers() returns for some routes only. */
  ranges?: readonly { start: number; end: number; routes: string | undefined }[];
}

export function settingFrom(file: SourceFile, name: string, value: JsValue | undefined, scope: Scope, origin: string, at: { start: number; end: number }, routes?: string): HeaderSetting {
  const target = resolve(value, scope);
  return { name, key: name.toLowerCase(), value: staticText(target, scope), location: { path: file.path, ...file.span(at.start, at.end) }, origin, file, ...(routes ? { routes } : {}) };
}

/**
 * Header settings written in JavaScript/TypeScript/JSON: header-name keys of object literals
 * (`{ 'X-Frame-Options': 'DENY' }` passed to `res.set`, `new Headers`, `new Response(…, { headers })`,
 * staticwebapp.config.json), `{ key, value }` pairs (next.config.js, vercel.json, firebase.json, shared
 * header modules), and setter calls (`response.headers.set(name, value)`, `res.setHeader(name, value)`,
 * h3's `setResponseHeader(event, name, value)`).
 *
 * Data is not configuration: header objects inside arrays or other data (sample responses, request rows
 * of an API client) are skipped. A setting registered for some routes only (a route handler file, a
 * `router.get('/embed', …)` callback, a next.config route with a narrow `source`) carries those routes.
 */
export function scanCode(file: SourceFile, tokens: readonly Token[], scope: Scope, tracked: ReadonlySet<string>, origin: string, out: Collected, context: ScopeContext = {}): void {
  const routesAt = (i: number): string | undefined => context.fileRoutes ?? narrowed(enclosingRoute(tokens, i));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.exprs) for (const inner of t.exprs) scanCode(file, inner, scope, tracked, origin, out, context);
    const name = stringOf(t);
    if (name === undefined || !tracked.has(name.toLowerCase())) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // { 'X-Frame-Options': 'DENY' }
    if (isPunct(next, ':') && (isPunct(prev, '{') || isPunct(prev, ','))) {
      const open = enclosingBrace(tokens, i);
      const routes = open === -1 ? undefined : keyedObjectRoutes(tokens, open, scope, routesAt);
      if (routes === false) continue;
      const [value] = readExpression(tokens, i + 2);
      out.settings.push(settingFrom(file, name, value, scope, origin, value, routes));
      continue;
    }
    // headers.set('X-Frame-Options', 'DENY')
    const method = tokens[i - 2];
    if (isPunct(prev, '(') && method?.kind === 'ident' && SETTERS.has(method.text) && isPunct(tokens[i - 3], '.') && isPunct(next, ',')) {
      const [value] = readExpression(tokens, i + 2);
      out.settings.push(settingFrom(file, name, value, scope, origin, value, routesAt(i)));
      continue;
    }
    // setResponseHeader(event, 'X-Frame-Options', 'DENY')
    const callee = tokens[i - 4];
    if (isPunct(prev, ',') && tokens[i - 2]?.kind === 'ident' && isPunct(tokens[i - 3], '(') && callee?.kind === 'ident' && EVENT_SETTERS.has(callee.text) && !isPunct(tokens[i - 5], '.') && isPunct(next, ',')) {
      const [value] = readExpression(tokens, i + 2);
      out.settings.push(settingFrom(file, name, value, scope, origin, value, routesAt(i)));
      continue;
    }
    // { key: 'X-Frame-Options', value: 'DENY' }
    const keyToken = tokens[i - 2];
    if (isPunct(prev, ':') && (keyToken?.text === 'key' || keyToken?.text === 'name')) {
      const open = enclosingBrace(tokens, i);
      if (open === -1) continue;
      const [object] = readExpression(tokens, open);
      // `has: [{ type: 'header', key: … }]` in next.config matches request headers; it sets nothing. Rows with
      // more than a key and a value (`active`, `description`) are an API client's data, not a response's.
      if (object.kind !== 'object' || propOf(object, 'type') || !propOf(object, 'value')) continue;
      if (object.props.some((p) => p.spread || (p.key !== 'key' && p.key !== 'name' && p.key !== 'value'))) continue;
      const routes = pairRoutes(tokens, open, object.start, scope, routesAt, context);
      if (routes === false) continue;
      const value = propOf(object, 'value')?.value;
      out.settings.push(settingFrom(file, name, value, scope, origin, value ?? t, routes));
    }
  }
}

/**
 * Whether an object keyed by header names (opening at `open`) is configuration, and for which routes:
 * `false` for data; undefined for every route; otherwise the routes.
 */
function keyedObjectRoutes(tokens: readonly Token[], open: number, scope: Scope, routesAt: (i: number) => string | undefined): string | undefined | false {
  const use = usage(tokens, open);
  if (use === 'argument' || use === 'assigned' || use === 'returned') return routesAt(open);
  if (use !== 'property') return false;
  const key = stringOf(tokens[open - 2]) ?? (tokens[open - 2]?.kind === 'ident' ? (tokens[open - 2] as Token).text : undefined);
  if (!key || !HEADERS_KEY.test(key)) return false;
  const outer = enclosingBrace(tokens, open - 2);
  if (outer === -1) return false;
  if (key !== 'headers' && key !== 'Headers') return routesAt(open);
  // `routeRules: { '/embed/**': { headers: {…} } }` (Nuxt), `routes: [{ route: '/x', headers: {…} }]` (Azure).
  const routeKey = isPunct(tokens[outer - 1], ':') ? stringOf(tokens[outer - 2]) : undefined;
  if (routeKey?.startsWith('/')) return narrowed(routeKey);
  const own = routeOfObject(tokens, outer, scope);
  if (own !== undefined) return narrowed(own);
  const outerUse = usage(tokens, outer);
  // `new Response(body, { headers: {…} })`, `const init = { headers: {…} }`, `return { headers: {…} }`.
  if (outerUse === 'argument' || outerUse === 'assigned' || outerUse === 'returned') return routesAt(open);
  return false;
}

/** The same for a `{ key, value }` pair opening at `open`, by the list that holds it. */
function pairRoutes(tokens: readonly Token[], open: number, offset: number, scope: Scope, routesAt: (i: number) => string | undefined, context: ScopeContext): string | undefined | false {
  const list = enclosingOpener(tokens, open);
  if (list === -1 || !isPunct(tokens[list], '[')) return false;
  const ranges = context.ranges?.filter((r) => offset >= r.start && offset < r.end) ?? [];
  if (ranges.length) return ranges.some((r) => r.routes === undefined) ? undefined : ranges[0]?.routes;
  if (isPunct(tokens[list - 1], ':') && /^headers$/i.test(stringOf(tokens[list - 2]) ?? (tokens[list - 2] as Token | undefined)?.text ?? '')) {
    const route = enclosingBrace(tokens, list - 2);
    if (route === -1) return false;
    const own = routeOfObject(tokens, route, scope);
    return own === undefined ? false : narrowed(own);
  }
  const use = usage(tokens, list);
  if (use === 'assigned' || use === 'returned' || use === 'argument') return routesAt(list);
  return false;
}
