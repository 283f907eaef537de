import { excerpt } from '../../../util/excerpt.js';

/** A string literal in source code, as far as the readers need it. */
export interface Literal {
  /** The literal's content (escapes left as written). */
  value: string;
  /** [start, end) of the content, without the quotes. */
  start: number;
  end: number;
  /** After the closing quote. */
  next: number;
  /** Contains interpolation (`${x}` in a template, `{x}` in an f-string): not a constant. */
  interpolated: boolean;
  /** The constant text before the first interpolation. */
  prefix: string;
}

export interface LiteralOptions {
  quotes: string;
  /** Quote characters whose literals interpolate `${...}` (JS templates). */
  dollarBrace?: string;
  /** Python: `f"..."` interpolates `{...}`. */
  pythonPrefixes?: boolean;
}

/** Reads the string literal starting at `i` (after optional white space), or undefined. */
export function literalAt(text: string, i: number, options: LiteralOptions): Literal | undefined {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  let fString = false;
  if (options.pythonPrefixes) {
    const p = /^[rRbBuUfF]{1,2}(?=['"])/.exec(text.slice(i, i + 3));
    if (p) {
      fString = /f/i.test(p[0]);
      i += p[0].length;
    }
  }
  const q = text[i];
  if (q === undefined || !options.quotes.includes(q)) return undefined;
  const start = i + 1;
  let j = start;
  let interpolatedAt = -1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) break;
    if (c === '\n' && !options.dollarBrace?.includes(q)) return undefined;
    if (interpolatedAt === -1 && options.dollarBrace?.includes(q) && c === '$' && text[j + 1] === '{') interpolatedAt = j;
    if (interpolatedAt === -1 && fString && c === '{' && text[j + 1] !== '{') interpolatedAt = j;
    j++;
  }
  if (j >= text.length) return undefined;
  const value = text.slice(start, j);
  const interpolated = interpolatedAt !== -1;
  return { value, start, end: j, next: j + 1, interpolated, prefix: interpolated ? text.slice(start, interpolatedAt) : value };
}

/** Offset after white space. */
export function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

/** The offset of the bracket that closes the one at `open` (`(`, `[` or `{`), skipping strings; -1 if none. */
export function matchingClose(text: string, open: number, quotes = '\'"`'): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (quotes.includes(c)) {
      const lit = literalAt(text, i, { quotes, dollarBrace: '`' });
      if (lit) {
        i = lit.next - 1;
        continue;
      }
    }
    if (pairs[c]) stack.push(pairs[c] as string);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** A short, single-line rendering of an expression for messages. */
export function shorten(expression: string): string {
  const flat = expression.replace(/\s+/g, ' ').trim();
  return excerpt(flat, 40);
}

/** Line-based dedupe helper: keeps the first read at each offset. */
export function byOffset<T extends { start: number }>(items: T[]): T[] {
  const seen = new Set<number>();
  return items.filter((r) => (seen.has(r.start) ? false : (seen.add(r.start), true))).sort((a, b) => a.start - b.start);
}
