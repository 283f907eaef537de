import { UNKNOWN } from '../../../lang/js/evaluate.js';

/** A Python literal as far as it can be read without running it; `computed` for calls, names, operators. */
export type PyValue =
  | { kind: 'str'; text: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'dict'; entries: [PyValue, PyValue][] }
  | { kind: 'name'; name: string }
  | { kind: 'computed' };

const COMPUTED: PyValue = { kind: 'computed' };

/** Where the expression that starts at `start` ends: the end of its line, past brackets and `\` continuations. */
export function expressionEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '#' && depth <= 0) {
      const nl = text.indexOf('\n', i);
      return nl === -1 ? text.length : nl;
    } else if (c === '\\' && text[i + 1] === '\n') i++;
    else if (c === '\n' && depth <= 0) return i;
    if (quote && quote.length === 3) i += 2;
  }
  return text.length;
}

/** The offset of the bracket that closes the one at `open` (quotes skipped), or the end of the text. */
export function closingBracket(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

/** Parses the expression text of a Python assignment or argument. */
export function parsePy(source: string): PyValue {
  const p = new Parser(source);
  const value = p.value();
  p.space();
  return p.done() ? value : COMPUTED;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length;
  }

  space(): void {
    while (this.i < this.s.length && /[\s\\]/.test(this.s[this.i] as string)) this.i++;
  }

  value(): PyValue {
    const first = this.term();
    this.space();
    // Products of numbers: 60 * 60 * 24 * 365.
    let value = first;
    while (this.s[this.i] === '*' && this.s[this.i + 1] !== '*') {
      this.i++;
      this.space();
      const next = this.term();
      value = value.kind === 'num' && next.kind === 'num' ? { kind: 'num', value: value.value * next.value } : COMPUTED;
      this.space();
    }
    // Adjacent string literals are one string.
    while (value.kind === 'str' && /^[rbuRBU]?["']/.test(this.s.slice(this.i, this.i + 2))) {
      const next = this.term();
      value = next.kind === 'str' ? { kind: 'str', text: value.text + next.text } : COMPUTED;
      this.space();
    }
    if (this.i < this.s.length && !/[,)\]}:]/.test(this.s[this.i] as string)) {
      this.skipRest();
      return COMPUTED;
    }
    return value;
  }

  /** Skips to the next `,` or closing bracket at this depth. */
  skipRest(): void {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === '"' || c === "'") {
        this.string();
        continue;
      }
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) return;
        depth--;
      } else if (c === ',' && depth === 0) return;
      this.i++;
    }
  }

  term(): PyValue {
    this.space();
    const s = this.s;
    const rest = s.slice(this.i);
    const str = /^([rbuRBU]{0,2}|[fF][rR]?|[rR][fF])(?=["'])/.exec(rest);
    if (str) {
      const prefix = (str[1] as string).toLowerCase();
      this.i += prefix.length;
      const text = this.string();
      return { kind: 'str', text: prefix.includes('f') ? text.replace(/\{[^}]*\}/g, UNKNOWN) : text };
    }
    const num = /^\d[\d_]*(?:\.\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { kind: 'num', value: Number(num[0].replace(/_/g, '')) };
    }
    const word = /^[A-Za-z_][\w.]*/.exec(rest);
    if (word) {
      this.i += word[0].length;
      this.space();
      if (s[this.i] === '(' || s[this.i] === '[') {
        this.skipRest();
        return COMPUTED;
      }
      if (word[0] === 'True' || word[0] === 'False') return { kind: 'bool', value: word[0] === 'True' };
      if (word[0] === 'None') return { kind: 'none' };
      return { kind: 'name', name: word[0] };
    }
    const open = s[this.i];
    if (open === '[' || open === '(') return this.list(open === '[' ? ']' : ')');
    if (open === '{') return this.dict();
    this.skipRest();
    return COMPUTED;
  }

  string(): string {
    const s = this.s;
    const triple = s.startsWith('"""', this.i) || s.startsWith("'''", this.i);
    const quote = triple ? s.slice(this.i, this.i + 3) : (s[this.i] as string);
    this.i += quote.length;
    let out = '';
    while (this.i < s.length && !s.startsWith(quote, this.i)) {
      if (s[this.i] === '\\' && this.i + 1 < s.length) {
        out += s[this.i + 1] === '\n' ? '' : (s[this.i + 1] as string);
        this.i += 2;
        continue;
      }
      out += s[this.i];
      this.i++;
    }
    this.i += quote.length;
    return out;
  }

  list(close: string): PyValue {
    this.i++;
    const items: PyValue[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return { kind: 'list', items };
      }
      if (this.i >= this.s.length) return COMPUTED;
      items.push(this.value());
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) return COMPUTED;
    }
  }

  dict(): PyValue {
    this.i++;
    const entries: [PyValue, PyValue][] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return { kind: 'dict', entries };
      }
      if (this.i >= this.s.length) return COMPUTED;
      const key = this.value();
      this.space();
      if (this.s[this.i] !== ':') {
        // A set literal or a `**spread`: not a dict the check can read.
        this.skipRest();
        return COMPUTED;
      }
      this.i++;
      entries.push([key, this.value()]);
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') return COMPUTED;
    }
  }
}

/** A dict entry by string key. */
export function entry(value: PyValue | undefined, key: string): PyValue | undefined {
  if (value?.kind !== 'dict') return undefined;
  return value.entries.filter(([k]) => k.kind === 'str' && k.text === key).pop()?.[1];
}
