import type { Token } from './lexer.js';

/**
 * Values read from JavaScript source without running it: literals, object and array literals, identifier
 * references, member accesses, calls and functions. Anything else (operators other than string `+`,
 * conditionals, …) is `dynamic`: known to exist, not known in value.
 */
export type JsValue =
  | { kind: 'object'; props: JsProp[]; start: number; end: number }
  | { kind: 'array'; items: JsValue[]; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'template'; quasis: string[]; exprs: JsValue[]; start: number; end: number }
  | { kind: 'concat'; parts: JsValue[]; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'boolean'; value: boolean; start: number; end: number }
  | { kind: 'null'; start: number; end: number }
  | { kind: 'undefined'; start: number; end: number }
  | { kind: 'ident'; name: string; start: number; end: number }
  | { kind: 'member'; object: JsValue; property: string | undefined; start: number; end: number }
  | { kind: 'call'; callee: JsValue; args: JsValue[]; isNew: boolean; start: number; end: number }
  | { kind: 'function'; body: Token[]; expression: JsValue | undefined; start: number; end: number }
  | { kind: 'spread'; argument: JsValue; start: number; end: number }
  | { kind: 'regex'; source: string; start: number; end: number }
  | { kind: 'dynamic'; start: number; end: number };

export interface JsProp {
  /** The key when it is static; undefined for computed keys and spreads. */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  value: JsValue;
  spread?: boolean;
  method?: boolean;
}

const CLOSERS = new Set([')', ']', '}']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function isIdent(token: Token | undefined, text?: string): boolean {
  return token?.kind === 'ident' && (text === undefined || token.text === text);
}

/** Index after the bracket that closes the one at `i` (or the end of the tokens). */
export function skipBalanced(tokens: readonly Token[], i: number): number {
  const open = tokens[i]?.text as string;
  const close = OPENERS[open];
  if (!close) return i + 1;
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text in OPENERS) depth++;
    else if (CLOSERS.has(t.text)) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return tokens.length;
}

/** Index of the first token at depth 0 that ends an expression (`,` `;` or a closing bracket). */
export function expressionEnd(tokens: readonly Token[], i: number): number {
  let j = i;
  while (j < tokens.length) {
    const t = tokens[j] as Token;
    if (t.kind === 'punct') {
      if (t.text === ',' || t.text === ';' || CLOSERS.has(t.text)) return j;
      if (t.text in OPENERS) {
        j = skipBalanced(tokens, j);
        continue;
      }
    }
    j++;
  }
  return j;
}

function endOf(tokens: readonly Token[], i: number): number {
  return (tokens[Math.min(i, tokens.length) - 1] as Token | undefined)?.end ?? 0;
}

const MAX_NESTING = 100;

class Reader {
  constructor(readonly tokens: readonly Token[]) {}

  /** An expression starting at `i`: its value and the index after it. */
  expression(i: number, depth = 0): [JsValue, number] {
    const tokens = this.tokens;
    if (depth > MAX_NESTING) {
      const end = expressionEnd(tokens, i);
      return [{ kind: 'dynamic', start: tokens[i]?.start ?? 0, end: endOf(tokens, end) }, end];
    }
    const startToken = tokens[i];
    const start = startToken?.start ?? 0;
    let [value, next] = this.operand(i, depth);
    const parts = [value];
    const ops: string[] = [];
    while (tokens[next]?.kind === 'punct' && ARITHMETIC.has((tokens[next] as Token).text)) {
      ops.push((tokens[next] as Token).text);
      const [part, after] = this.operand(next + 1, depth);
      parts.push(part);
      next = after;
    }
    if (ops.length) {
      const end = endOf(tokens, next);
      const folded = foldNumbers(parts, ops);
      if (folded !== undefined) value = { kind: 'number', value: folded, start, end };
      else if (ops.every((op) => op === '+')) value = { kind: 'concat', parts, start, end };
      else value = { kind: 'dynamic', start, end };
    }
    // TypeScript: `x as const`, `x satisfies T`, `x!`.
    while (isIdent(tokens[next], 'as') || isIdent(tokens[next], 'satisfies')) {
      next = this.skipType(next + 1);
    }
    const end = expressionEnd(tokens, next);
    if (end !== next) return [{ kind: 'dynamic', start, end: endOf(tokens, end) }, end];
    return [value, next];
  }

  /** Skips a type annotation up to the end of the expression or an `=`/`=>` at depth 0. */
  private skipType(i: number): number {
    const tokens = this.tokens;
    let j = i;
    let angles = 0;
    while (j < tokens.length) {
      const t = tokens[j] as Token;
      if (t.kind === 'punct') {
        if (t.text === '<') angles++;
        else if (t.text === '>' && angles > 0) angles--;
        else if (t.text === '>>' && angles > 0) angles = Math.max(0, angles - 2);
        else if (angles === 0 && (t.text === ',' || t.text === ';' || t.text === '=' || t.text === '=>' || CLOSERS.has(t.text))) return j;
        else if (angles === 0 && t.text === '{' && isPunct(tokens[j - 1], ')')) return j;
        if (t.text in OPENERS) {
          j = skipBalanced(tokens, j);
          continue;
        }
      }
      j++;
    }
    return j;
  }

  /** A unary/primary expression with its member accesses and calls. */
  private operand(i: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    const t = tokens[i];
    if (!t) return [{ kind: 'dynamic', start: endOf(tokens, i), end: endOf(tokens, i) }, i];
    if (isIdent(t, 'await')) return this.operand(i + 1, depth);
    if (isPunct(t, '-') && tokens[i + 1]?.kind === 'number') {
      const n = tokens[i + 1] as Token;
      return this.postfix({ kind: 'number', value: -parseNumber(n.text), start: t.start, end: n.end }, i + 2, depth);
    }
    if (isIdent(t, 'new')) {
      const [callee, next] = this.primary(i + 1, depth, true);
      let after = next;
      let args: JsValue[] = [];
      if (isPunct(tokens[after], '(')) [args, after] = this.list(after, depth);
      return this.postfix({ kind: 'call', callee, args, isNew: true, start: t.start, end: endOf(tokens, after) }, after, depth);
    }
    const [value, next] = this.primary(i, depth, false);
    return this.postfix(value, next, depth);
  }

  private primary(i: number, depth: number, noCall: boolean): [JsValue, number] {
    const tokens = this.tokens;
    const t = tokens[i] as Token;
    const start = t.start;
    switch (t.kind) {
      case 'string':
        return [{ kind: 'string', value: t.text, start, end: t.end }, i + 1];
      case 'number':
        return [{ kind: 'number', value: parseNumber(t.text), start, end: t.end }, i + 1];
      case 'regex':
        return [{ kind: 'regex', source: t.text, start, end: t.end }, i + 1];
      case 'template': {
        if (!t.exprs || t.exprs.length === 0) return [{ kind: 'string', value: t.text, start, end: t.end }, i + 1];
        const exprs = t.exprs.map((inner) => (inner.length ? new Reader(inner).expression(0, depth + 1)[0] : ({ kind: 'dynamic', start, end: start } as JsValue)));
        return [{ kind: 'template', quasis: t.quasis ?? [], exprs, start, end: t.end }, i + 1];
      }
      case 'jsx':
        return [{ kind: 'dynamic', start, end: t.end }, i + 1];
      case 'ident': {
        switch (t.text) {
          case 'true':
          case 'false':
            return [{ kind: 'boolean', value: t.text === 'true', start, end: t.end }, i + 1];
          case 'null':
            return [{ kind: 'null', start, end: t.end }, i + 1];
          case 'undefined':
            return [{ kind: 'undefined', start, end: t.end }, i + 1];
          case 'function':
            return this.functionAt(i, depth);
          case 'async':
            if (isIdent(tokens[i + 1], 'function') || isPunct(tokens[i + 1], '(') || (isIdent(tokens[i + 1]) && isPunct(tokens[i + 2], '=>'))) {
              return this.primary(i + 1, depth, noCall);
            }
            break;
        }
        if (!noCall && isPunct(tokens[i + 1], '=>')) return this.arrowBody(i + 2, start, depth);
        return [{ kind: 'ident', name: t.text, start, end: t.end }, i + 1];
      }
      case 'punct': {
        if (t.text === '{') return this.object(i, depth);
        if (t.text === '[') return this.array(i, depth);
        if (t.text === '(') {
          const close = skipBalanced(tokens, i);
          let after = close;
          if (isPunct(tokens[after], ':')) after = this.skipType(after + 1);
          if (isPunct(tokens[after], '=>')) return this.arrowBody(after + 1, start, depth);
          if (close - i > 2) {
            const [inner] = new Reader(tokens.slice(i + 1, close - 1)).expression(0, depth + 1);
            return [inner, close];
          }
          return [{ kind: 'dynamic', start, end: endOf(tokens, close) }, close];
        }
        if (t.text === '<') {
          // A generic arrow function: <T,>(x: T) => …
          const close = tokens.findIndex((x, j) => j > i && isPunct(x, '>'));
          if (close !== -1 && isPunct(tokens[close + 1], '(')) return this.primary(close + 1, depth, noCall);
        }
        break;
      }
    }
    const end = expressionEnd(tokens, i + 1);
    return [{ kind: 'dynamic', start, end: endOf(tokens, end) }, end];
  }

  private postfix(value: JsValue, i: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    let current = value;
    let j = i;
    for (;;) {
      const t = tokens[j];
      if ((isPunct(t, '.') || isPunct(t, '?.')) && tokens[j + 1]?.kind === 'ident') {
        const prop = tokens[j + 1] as Token;
        current = { kind: 'member', object: current, property: prop.text, start: current.start, end: prop.end };
        j += 2;
      } else if (isPunct(t, '?.') && isPunct(tokens[j + 1], '(')) {
        j += 1;
      } else if (isPunct(t, '[') || (isPunct(t, '?.') && isPunct(tokens[j + 1], '['))) {
        const open = isPunct(t, '[') ? j : j + 1;
        const close = skipBalanced(tokens, open);
        const [key] = close - open > 2 ? new Reader(tokens.slice(open + 1, close - 1)).expression(0, depth + 1) : [undefined];
        const property = key?.kind === 'string' ? key.value : key?.kind === 'number' ? String(key.value) : undefined;
        current = { kind: 'member', object: current, property, start: current.start, end: endOf(tokens, close) };
        j = close;
      } else if (isPunct(t, '(')) {
        const [args, after] = this.list(j, depth);
        current = { kind: 'call', callee: current, args, isNew: false, start: current.start, end: endOf(tokens, after) };
        j = after;
      } else if (isPunct(t, '!') && !isPunct(tokens[j + 1], '=')) {
        j += 1;
      } else if (t?.kind === 'template') {
        // A tagged template: a call whose result is unknown.
        current = { kind: 'dynamic', start: current.start, end: t.end };
        j += 1;
      } else {
        return [current, j];
      }
    }
  }

  /** Arguments or array items between brackets, with spreads. */
  list(i: number, depth: number): [JsValue[], number] {
    const tokens = this.tokens;
    const close = skipBalanced(tokens, i);
    const items: JsValue[] = [];
    let j = i + 1;
    while (j < close - 1) {
      const t = tokens[j] as Token;
      if (isPunct(t, ',')) {
        j++;
        continue;
      }
      if (isPunct(t, '...')) {
        const [argument, next] = this.expression(j + 1, depth + 1);
        items.push({ kind: 'spread', argument, start: t.start, end: argument.end });
        j = next;
      } else {
        const [value, next] = this.expression(j, depth + 1);
        items.push(value);
        j = next === j ? j + 1 : next;
      }
    }
    return [items, close];
  }

  private array(i: number, depth: number): [JsValue, number] {
    const [items, close] = this.list(i, depth);
    return [{ kind: 'array', items, start: (this.tokens[i] as Token).start, end: endOf(this.tokens, close) }, close];
  }

  private object(i: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    const close = skipBalanced(tokens, i);
    const props: JsProp[] = [];
    let j = i + 1;
    while (j < close - 1) {
      const t = tokens[j] as Token;
      if (isPunct(t, ',') || isPunct(t, ';')) {
        j++;
        continue;
      }
      const [prop, next] = this.property(j, close - 1, depth);
      if (prop) props.push(prop);
      j = next <= j ? j + 1 : next;
    }
    return [{ kind: 'object', props, start: (tokens[i] as Token).start, end: endOf(tokens, close) }, close];
  }

  /** One property of an object literal starting at `i` (before `limit`, the closing brace). */
  property(i: number, limit: number, depth: number): [JsProp | undefined, number] {
    const tokens = this.tokens;
    let j = i;
    let t = tokens[j] as Token;
    if (isPunct(t, '...')) {
      const [argument, next] = this.expression(j + 1, depth + 1);
      return [{ key: undefined, keyStart: t.start, keyEnd: t.end, value: argument, spread: true }, next];
    }
    // Modifiers: async, get, set, static, and generator stars.
    while (
      (isIdent(t, 'async') || isIdent(t, 'get') || isIdent(t, 'set') || isIdent(t, 'static') || isPunct(t, '*')) &&
      j + 1 < limit &&
      !isPunct(tokens[j + 1], ':') && !isPunct(tokens[j + 1], '(') && !isPunct(tokens[j + 1], ',') && !isPunct(tokens[j + 1], '}')
    ) {
      j++;
      t = tokens[j] as Token;
    }
    let key: string | undefined;
    let keyEnd = j + 1;
    if (t.kind === 'ident' || t.kind === 'string' || t.kind === 'number') key = t.text;
    else if (t.kind === 'template' && !t.exprs?.length) key = t.text;
    else if (isPunct(t, '[')) {
      keyEnd = skipBalanced(tokens, j);
      const [computed] = keyEnd - j > 2 ? new Reader(tokens.slice(j + 1, keyEnd - 1)).expression(0, depth + 1) : [undefined];
      key = computed?.kind === 'string' ? computed.value : undefined;
    } else {
      return [undefined, expressionEnd(tokens, j + 1)];
    }
    const keyStart = t.start;
    const keyEndOffset = endOf(tokens, keyEnd);
    const after = tokens[keyEnd];
    if (isPunct(after, ':')) {
      const [value, next] = this.expression(keyEnd + 1, depth + 1);
      return [{ key, keyStart, keyEnd: keyEndOffset, value }, next];
    }
    if (isPunct(after, '(') || isPunct(after, '<')) {
      const [fn, next] = this.functionFrom(keyEnd, keyStart, depth);
      return [{ key, keyStart, keyEnd: keyEndOffset, value: fn, method: true }, next];
    }
    if (isPunct(after, ',') || keyEnd >= limit || isPunct(after, '=')) {
      const next = isPunct(after, '=') ? expressionEnd(tokens, keyEnd + 1) : keyEnd;
      return [{ key, keyStart, keyEnd: keyEndOffset, value: { kind: 'ident', name: key ?? '', start: keyStart, end: keyEndOffset } }, next];
    }
    return [undefined, expressionEnd(tokens, keyEnd)];
  }

  /** `function name(params) { body }` at `i`. */
  private functionAt(i: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    let j = i + 1;
    if (isPunct(tokens[j], '*')) j++;
    if (isIdent(tokens[j])) j++;
    return this.functionFrom(j, (tokens[i] as Token).start, depth);
  }

  /** Parameters (optionally type parameters) at `i`, an optional return type, then a block body. */
  private functionFrom(i: number, start: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    let j = i;
    if (isPunct(tokens[j], '<')) {
      while (j < tokens.length && !isPunct(tokens[j], '(')) j++;
    }
    if (!isPunct(tokens[j], '(')) return [{ kind: 'dynamic', start, end: endOf(tokens, j) }, expressionEnd(tokens, j)];
    j = skipBalanced(tokens, j);
    if (isPunct(tokens[j], ':')) j = this.skipType(j + 1);
    if (isPunct(tokens[j], '=>')) return this.arrowBody(j + 1, start, depth);
    if (!isPunct(tokens[j], '{')) return [{ kind: 'dynamic', start, end: endOf(tokens, j) }, expressionEnd(tokens, j)];
    const close = skipBalanced(tokens, j);
    return [{ kind: 'function', body: tokens.slice(j + 1, close - 1), expression: undefined, start, end: endOf(tokens, close) }, close];
  }

  private arrowBody(i: number, start: number, depth: number): [JsValue, number] {
    const tokens = this.tokens;
    if (isPunct(tokens[i], '{')) {
      const close = skipBalanced(tokens, i);
      return [{ kind: 'function', body: tokens.slice(i + 1, close - 1), expression: undefined, start, end: endOf(tokens, close) }, close];
    }
    const [expression, next] = this.expression(i, depth + 1);
    return [{ kind: 'function', body: [], expression, start, end: expression.end }, next];
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

/** Constant arithmetic over number literals (`30 * 24 * 60 * 60`), with the usual precedence. */
function foldNumbers(parts: JsValue[], ops: string[]): number | undefined {
  if (!parts.every((p) => p.kind === 'number')) return undefined;
  const values = parts.map((p) => (p as { value: number }).value);
  const sums: number[] = [values[0] as number];
  const signs: string[] = [];
  for (const [k, op] of ops.entries()) {
    const v = values[k + 1] as number;
    if (op === '+' || op === '-') {
      sums.push(v);
      signs.push(op);
    } else {
      const last = sums.pop() as number;
      sums.push(op === '*' ? last * v : op === '/' ? last / v : last % v);
    }
  }
  let total = sums[0] as number;
  for (const [k, sign] of signs.entries()) total = sign === '+' ? total + (sums[k + 1] as number) : total - (sums[k + 1] as number);
  return Number.isFinite(total) ? total : undefined;
}

function parseNumber(text: string): number {
  const clean = text.replace(/_/g, '').replace(/n$/, '');
  const n = Number(clean);
  return Number.isFinite(n) ? n : NaN;
}

/** The expression starting at token `i`. */
export function readExpression(tokens: readonly Token[], i: number): [JsValue, number] {
  return new Reader(tokens).expression(i);
}

/** The arguments of the call whose `(` is at token `i`. */
export function readArguments(tokens: readonly Token[], i: number): [JsValue[], number] {
  return new Reader(tokens).list(i, 0);
}

/** The object property whose key is at token `i` (inside an object literal ending at `limit`). */
export function readProperty(tokens: readonly Token[], i: number, limit = tokens.length): [JsProp | undefined, number] {
  return new Reader(tokens).property(i, limit, 0);
}

/** Variable and function declarations anywhere in the tokens, by name (the first one wins). */
export type Scope = Map<string, JsValue>;

export function collectDeclarations(tokens: readonly Token[], scope: Scope = new Map()): Scope {
  const reader = new Reader(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident') continue;
    if ((t.text === 'const' || t.text === 'let' || t.text === 'var') && isIdent(tokens[i + 1])) {
      const name = (tokens[i + 1] as Token).text;
      let j = i + 2;
      if (isPunct(tokens[j], ':')) {
        // Skip the type annotation up to `=`.
        let angles = 0;
        while (j < tokens.length) {
          const x = tokens[j] as Token;
          if (x.kind === 'punct') {
            if (x.text === '<') angles++;
            else if (x.text === '>' && angles > 0) angles--;
            else if (angles === 0 && (x.text === '=' || x.text === ';')) break;
            if (x.text in OPENERS) {
              j = skipBalanced(tokens, j);
              continue;
            }
          }
          j++;
        }
      }
      if (isPunct(tokens[j], '=') && !scope.has(name)) {
        const [value] = reader.expression(j + 1);
        scope.set(name, value);
      }
    } else if (t.text === 'function' && isIdent(tokens[i + 1]) && !isPunct(tokens[i - 1], '.')) {
      const name = (tokens[i + 1] as Token).text;
      if (!scope.has(name)) scope.set(name, reader.expression(i)[0]);
    }
  }
  return scope;
}

/** The values a function returns (its `return` statements, not those of nested functions). */
export function returnsOf(fn: JsValue): JsValue[] {
  if (fn.kind !== 'function') return [];
  if (fn.expression) return [fn.expression];
  const tokens = fn.body;
  const out: JsValue[] = [];
  const reader = new Reader(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isIdent(t, 'function') || isPunct(t, '=>')) {
      // Skip a nested function's block body.
      let j = i + 1;
      if (!isPunct(t, '=>')) {
        while (j < tokens.length && !isPunct(tokens[j], '{')) j++;
      }
      if (isPunct(tokens[j], '{')) i = skipBalanced(tokens, j) - 1;
      continue;
    }
    if (isIdent(t, 'return') && !isPunct(tokens[i - 1], '.')) {
      if (isPunct(tokens[i + 1], ';') || isPunct(tokens[i + 1], '}') || i + 1 >= tokens.length) continue;
      const [value, next] = reader.expression(i + 1);
      out.push(value);
      i = next - 1;
    }
  }
  return out;
}

/** The last property with this key (later keys win in JavaScript). */
export function propOf(value: JsValue | undefined, key: string): JsProp | undefined {
  if (value?.kind !== 'object') return undefined;
  for (let i = value.props.length - 1; i >= 0; i--) {
    const p = value.props[i] as JsProp;
    if (p.key === key) return p;
  }
  return undefined;
}

/** Dotted name of an identifier/member chain (`res.cookie`, `cookies().set` → `cookies().set`). */
export function calleeName(value: JsValue): string | undefined {
  switch (value.kind) {
    case 'ident':
      return value.name;
    case 'member': {
      const base = calleeName(value.object);
      return base === undefined || value.property === undefined ? undefined : `${base}.${value.property}`;
    }
    case 'call': {
      const base = calleeName(value.callee);
      return base === undefined ? undefined : `${base}()`;
    }
    default:
      return undefined;
  }
}
