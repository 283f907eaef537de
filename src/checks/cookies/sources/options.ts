import { resolve } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { readExpression, type JsProp, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { UnreadableCookie } from '../model.js';

const MODIFIERS = new Set(['readonly', 'private', 'public', 'protected', 'static']);

/**
 * Class fields written with a modifier (`readonly cookieOptions: CookieOptions = { … }`), added to the scope
 * as `this.cookieOptions` so that `{ ...this.cookieOptions }` can be read.
 */
export function addClassFields(tokens: readonly Token[], scope: Scope): void {
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident' || !MODIFIERS.has((tokens[i - 1] as Token).text) || MODIFIERS.has(t.text)) continue;
    let j = i + 1;
    if (tokens[j]?.text === ':') while (j < tokens.length && tokens[j]?.text !== '=' && tokens[j]?.text !== ';' && tokens[j]?.text !== '(') j++;
    if (tokens[j]?.text !== '=' || tokens[j + 1]?.text !== '{') continue;
    const key = `this.${t.text}`;
    if (!scope.has(key)) scope.set(key, readExpression(tokens, j + 1)[0]);
  }
}

/** Like `resolve`, and `this.field` to the class field's value. */
export function resolveOptions(value: JsValue | undefined, scope: Scope): JsValue | undefined {
  if (value?.kind === 'member' && value.object.kind === 'ident' && value.object.name === 'this' && value.property) {
    return resolve(scope.get(`this.${value.property}`) ?? value, scope);
  }
  return resolve(value, scope);
}

/**
 * A property of an options object, looking through its spreads (`{ ...this.cookieOptions, expires }`): the
 * last one written wins; a spread the check cannot read may hold it, so it is `unknown`, not missing.
 */
export function lookup(value: JsValue | undefined, key: string, scope: Scope, depth = 0): JsProp | 'unknown' | undefined {
  const obj = resolveOptions(value, scope);
  if (obj?.kind !== 'object' || depth > 4) return undefined;
  for (let i = obj.props.length - 1; i >= 0; i--) {
    const p = obj.props[i] as JsProp;
    if (p.spread) {
      const inner = resolveOptions(p.value, scope);
      if (inner?.kind !== 'object') return 'unknown';
      const found = lookup(inner, key, scope, depth + 1);
      if (found) return found;
    } else if (p.key === key) return p;
  }
  return undefined;
}

/** `import { a, b as c } from 'spec'`: local name → [exported name, module specifier]. */
function importsOf(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const m of text.matchAll(/import\s*(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    for (const part of (m[1] as string).split(',')) {
      const [exported, local] = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/);
      if (exported) out.set((local ?? exported).trim(), [exported.trim(), m[2] as string]);
    }
  }
  return out;
}

/** The import an options expression comes from (`getCookieOptions()`, `sessionCookie`), for a provider to stand in. */
export function imported(file: SourceFile, value: JsValue | undefined, cookie: NonNullable<UnreadableCookie['via']>['cookie']): Pick<UnreadableCookie, 'via'> {
  const callee = value?.kind === 'call' && !value.args.length ? value.callee : value;
  if (callee?.kind !== 'ident') return {};
  const found = importsOf(file.text).get(callee.name);
  return found ? { via: { name: found[0], from: found[1], file: file.path, cookie } } : {};
}
