import { resolve, staticText } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { propOf, readExpression, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';

/** Methods that set a response header: `headers.set`, `res.setHeader`, `res.set`, `reply.header`, `c.header`. */
const SETTERS = new Set(['set', 'append', 'setHeader', 'header', 'appendHeader']);

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

function stringOf(t: Token | undefined): string | undefined {
  if (!t) return undefined;
  if (t.kind === 'string') return t.text;
  if (t.kind === 'template' && !t.exprs?.length) return t.text;
  return undefined;
}

/** The index of the `{` that opens the object literal containing token `i`. */
function enclosingBrace(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '}' || t.text === ')' || t.text === ']') depth++;
    else if (t.text === '{' || t.text === '(' || t.text === '[') {
      if (depth === 0) return t.text === '{' ? j : -1;
      depth--;
    }
  }
  return -1;
}

export function settingFrom(file: SourceFile, name: string, value: JsValue | undefined, scope: Scope, origin: string, at: { start: number; end: number }): HeaderSetting {
  const target = resolve(value, scope);
  return { name, key: name.toLowerCase(), value: staticText(target, scope), location: { path: file.path, ...file.span(at.start, at.end) }, origin, file };
}

/**
 * Header settings written in JavaScript/TypeScript/JSON, wherever they are: header-name keys of object
 * literals (`{ 'X-Frame-Options': 'DENY' }` passed to `res.set`, `new Headers`, `NextResponse.next`,
 * staticwebapp.config.json), `{ key, value }` pairs (next.config.js, vercel.json, firebase.json, shared
 * header modules), and setter calls (`response.headers.set(name, value)`, `res.setHeader(name, value)`).
 */
export function scanCode(file: SourceFile, tokens: readonly Token[], scope: Scope, tracked: ReadonlySet<string>, origin: string, out: Collected): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.exprs) for (const inner of t.exprs) scanCode(file, inner, scope, tracked, origin, out);
    const name = stringOf(t);
    if (name === undefined || !tracked.has(name.toLowerCase())) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // { 'X-Frame-Options': 'DENY' }
    if (isPunct(next, ':') && (isPunct(prev, '{') || isPunct(prev, ','))) {
      const [value] = readExpression(tokens, i + 2);
      out.settings.push(settingFrom(file, name, value, scope, origin, value));
      continue;
    }
    // headers.set('X-Frame-Options', 'DENY')
    const method = tokens[i - 2];
    if (isPunct(prev, '(') && method?.kind === 'ident' && SETTERS.has(method.text) && isPunct(tokens[i - 3], '.') && isPunct(next, ',')) {
      const [value] = readExpression(tokens, i + 2);
      out.settings.push(settingFrom(file, name, value, scope, origin, value));
      continue;
    }
    // { key: 'X-Frame-Options', value: 'DENY' }
    const keyToken = tokens[i - 2];
    if (isPunct(prev, ':') && (keyToken?.text === 'key' || keyToken?.text === 'name')) {
      const open = enclosingBrace(tokens, i);
      if (open === -1) continue;
      const [object] = readExpression(tokens, open);
      // `has: [{ type: 'header', key: … }]` in next.config matches request headers; it sets nothing.
      if (propOf(object, 'type') || !propOf(object, 'value')) continue;
      const value = propOf(object, 'value')?.value;
      out.settings.push(settingFrom(file, name, value, scope, origin, value ?? t));
    }
  }
}
