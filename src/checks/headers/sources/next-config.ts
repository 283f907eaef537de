import { resolve, staticText } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { propOf, readProperty, returnsOf, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected } from '../types.js';
import { narrowed } from '../scope.js';

/** A header list headers() returns, and the routes it is for (undefined: every route). */
export interface RouteRange {
  start: number;
  end: number;
  routes: string | undefined;
}

export const NEXT_CONFIG = /(?:^|\/)next\.config\.(?:js|mjs|cjs|ts|mts)$/;

/**
 * next.config's `headers()`: records where it is (missing headers are annotated there) and every part of
 * its result that cannot be read without running it (a helper's return value, an imported list, a
 * conditional), so that the check says "cannot verify" instead of "missing". The `{ key, value }` pairs
 * themselves are read by scanCode, wherever they are written; the ranges returned say which routes each
 * header list is for, so that a list written in a variable takes the `source` of the route that uses it.
 */
export function readNextConfig(file: SourceFile, tokens: readonly Token[], scope: Scope, out: Collected): RouteRange[] {
  let found = false;
  const ranges: RouteRange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident' || t.text !== 'headers') continue;
    const prev = tokens[i - 1];
    if (!(prev?.kind === 'punct' && (prev.text === '{' || prev.text === ',')) && !(prev?.kind === 'ident' && prev.text === 'async')) continue;
    const [prop] = readProperty(tokens, i);
    const fn = resolve(prop?.value, scope);
    if (!prop || fn?.kind !== 'function') continue;
    found = true;
    out.anchors.push({ location: { path: file.path, ...file.span(t.start, t.end) }, what: `the headers() of ${file.path}` });
    const returned = returnsOf(fn);
    if (returned.length === 0) out.unreadable.push({ location: { path: file.path, ...file.span(t.start, t.end) }, what: `the headers() of ${file.path} (no return value it can read)` });
    for (const value of returned) routes(file, value, scope, out, ranges, 0);
  }
  if (!found) out.anchors.push({ location: { path: file.path, line: 1 }, what: `${file.path} (it has no headers())` });
  return ranges;
}

function unreadable(file: SourceFile, value: JsValue, out: Collected, what: string): void {
  out.unreadable.push({ location: { path: file.path, ...file.span(value.start, value.end) }, what: `${what} in ${file.path}` });
}

/** The route list headers() returns: `[{ source, headers: [...] }, ...more]`. */
function routes(file: SourceFile, value: JsValue, scope: Scope, out: Collected, ranges: RouteRange[], depth: number): void {
  const list = resolve(value, scope);
  if (depth > 8 || !list) return;
  if (list.kind !== 'array') return unreadable(file, value, out, 'the value headers() returns');
  for (const item of list.items) {
    if (item.kind === 'spread') {
      routes(file, item.argument, scope, out, ranges, depth + 1);
      continue;
    }
    const route = resolve(item, scope);
    if (route?.kind !== 'object') {
      unreadable(file, item, out, 'a route of headers()');
      continue;
    }
    const source = staticText(propOf(route, 'source')?.value, scope);
    const headers = propOf(route, 'headers')?.value;
    if (headers) headerList(file, headers, scope, out, ranges, narrowed(source?.text), depth + 1);
  }
}

function headerList(file: SourceFile, value: JsValue, scope: Scope, out: Collected, ranges: RouteRange[], routes: string | undefined, depth: number): void {
  const list = resolve(value, scope);
  if (depth > 8 || !list) return;
  if (list.kind !== 'array') return unreadable(file, value, out, 'the headers of a route');
  ranges.push({ start: list.start, end: list.end, routes });
  for (const item of list.items) {
    if (item.kind === 'spread') headerList(file, item.argument, scope, out, ranges, routes, depth + 1);
    else if (resolve(item, scope)?.kind !== 'object') unreadable(file, item, out, 'a header entry');
  }
}
