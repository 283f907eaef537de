/**
 * A tolerant tokenizer for JavaScript and TypeScript (with JSX). It never throws and never executes
 * anything: it splits text into identifiers, punctuators, strings, templates, numbers and regular
 * expressions, and records where comments are, so that checks can read calls and object literals without
 * being fooled by text inside strings or comments. It is not a parser: ambiguous spots (regex or division,
 * JSX or a type argument) are decided by the previous token, as editors do.
 */

export type TokenKind = 'ident' | 'punct' | 'string' | 'template' | 'number' | 'regex' | 'jsx';

export interface Token {
  kind: TokenKind;
  /** 0-based offsets into the text, [start, end). */
  start: number;
  end: number;
  /** Source text for identifiers, punctuators, numbers and regexes; the decoded value for strings. */
  text: string;
  /** Templates: the decoded static parts (one more than `exprs`). */
  quasis?: string[];
  /** Templates: the tokens of each `${…}`; JSX: the tokens of each `{…}` container. */
  exprs?: Token[][];
}

export interface Span {
  start: number;
  end: number;
}

export interface Lexed {
  tokens: Token[];
  comments: Span[];
}

export interface LexOptions {
  /** Recognise JSX elements (default: true). Turn off for `.ts` files, where `<T>x` is a type assertion. */
  jsx?: boolean;
}

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>',
];

/** After these keywords an expression starts, so `/` begins a regex and `<` may begin JSX. */
const EXPRESSION_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends',
]);

const MAX_DEPTH = 200;

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code >= 0x80;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

export function lexJs(text: string, options: LexOptions = {}): Lexed {
  const lexer = new Lexer(text, options.jsx ?? true);
  const tokens = lexer.run(false, 0);
  return { tokens, comments: lexer.comments };
}

/** Whether a path is lexed with JSX enabled: everything but plain `.ts`/`.mts`/`.cts`. */
export function jsxFor(path: string): boolean {
  return !/\.[mc]?ts$/i.test(path);
}

class Lexer {
  pos = 0;
  readonly comments: Span[] = [];

  constructor(
    readonly text: string,
    readonly jsx: boolean,
  ) {}

  /** Tokens until the end, or (inside `${…}` and JSX containers) until the `}` that closes the container. */
  run(untilBrace: boolean, depth: number): Token[] {
    const tokens: Token[] = [];
    const text = this.text;
    let braces = 0;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (isSpace(code)) {
        this.pos++;
        continue;
      }
      const ch = text[this.pos] as string;
      const next = text[this.pos + 1];
      if (ch === '/' && next === '/') {
        this.lineComment();
        continue;
      }
      if (ch === '/' && next === '*') {
        const end = text.indexOf('*/', this.pos + 2);
        const stop = end === -1 ? text.length : end + 2;
        this.comments.push({ start: this.pos, end: stop });
        this.pos = stop;
        continue;
      }
      if (ch === '#' && next === '!' && this.pos === 0) {
        this.lineComment();
        continue;
      }
      const start = this.pos;
      if (isIdentStart(code) || (ch === '#' && next !== undefined && isIdentStart(next.charCodeAt(0)))) {
        this.pos++;
        while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
        tokens.push({ kind: 'ident', start, end: this.pos, text: text.slice(start, this.pos) });
        continue;
      }
      if ((code >= 48 && code <= 57) || (ch === '.' && next !== undefined && /[0-9]/.test(next))) {
        const m = /^(?:0[xXbBoO][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?/.exec(text.slice(this.pos, this.pos + 64));
        this.pos += m ? m[0].length : 1;
        tokens.push({ kind: 'number', start, end: this.pos, text: text.slice(start, this.pos) });
        continue;
      }
      if (ch === '"' || ch === "'") {
        tokens.push(this.string(ch));
        continue;
      }
      if (ch === '`') {
        tokens.push(this.template(depth));
        continue;
      }
      const prev = tokens[tokens.length - 1];
      if (ch === '/' && expressionMayStart(prev)) {
        tokens.push(this.regex());
        continue;
      }
      if (ch === '<' && this.jsx && expressionMayStart(prev) && this.looksLikeJsx()) {
        tokens.push(this.jsxElement(depth));
        continue;
      }
      if (ch === '{') braces++;
      if (ch === '}') {
        if (untilBrace && braces === 0) {
          this.pos++;
          return tokens;
        }
        braces--;
      }
      let punct = ch;
      for (const p of PUNCTUATORS) {
        if (text.startsWith(p, this.pos)) {
          punct = p;
          break;
        }
      }
      // `a?.5:1` is a conditional, not optional chaining.
      if (punct === '?.' && /[0-9]/.test(text[this.pos + 2] ?? '')) punct = '?';
      this.pos += punct.length;
      tokens.push({ kind: 'punct', start, end: this.pos, text: punct });
    }
    return tokens;
  }

  private lineComment(): void {
    let end = this.pos;
    while (end < this.text.length && this.text[end] !== '\n' && this.text[end] !== '\r') end++;
    this.comments.push({ start: this.pos, end });
    this.pos = end;
  }

  private string(quote: string): Token {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    let value = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === quote) {
        this.pos++;
        return { kind: 'string', start, end: this.pos, text: value };
      }
      if (ch === '\n') break; // unterminated: stop at the line end
      if (ch === '\\') {
        const [decoded, length] = decodeEscape(text, this.pos);
        value += decoded;
        this.pos += length;
        continue;
      }
      value += ch;
      this.pos++;
    }
    return { kind: 'string', start, end: this.pos, text: value };
  }

  private template(depth: number): Token {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    const quasis: string[] = [];
    const exprs: Token[][] = [];
    let current = '';
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (ch === '`') {
        this.pos++;
        break;
      }
      if (ch === '\\') {
        const [decoded, length] = decodeEscape(text, this.pos);
        current += decoded;
        this.pos += length;
        continue;
      }
      if (ch === '$' && text[this.pos + 1] === '{') {
        quasis.push(current);
        current = '';
        this.pos += 2;
        if (depth >= MAX_DEPTH) {
          this.pos = text.length;
          exprs.push([]);
          break;
        }
        exprs.push(this.run(true, depth + 1));
        continue;
      }
      current += ch;
      this.pos++;
    }
    quasis.push(current);
    while (quasis.length < exprs.length + 1) quasis.push('');
    const token: Token = { kind: 'template', start, end: this.pos, text: exprs.length === 0 ? (quasis[0] as string) : text.slice(start, this.pos), quasis, exprs };
    return token;
  }

  private regex(): Token {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    let inClass = false;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '\n') break;
      if (ch === '\\') {
        this.pos += 2;
        continue;
      }
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (ch === '/' && !inClass) {
        this.pos++;
        while (this.pos < text.length && isIdentPart(text.charCodeAt(this.pos))) this.pos++;
        break;
      }
      this.pos++;
    }
    return { kind: 'regex', start, end: this.pos, text: text.slice(start, this.pos) };
  }

  /** `<div`, `<Foo.Bar`, `<>` — but not `<T,>` or `<T extends U>` (generic arrow functions in .tsx). */
  private looksLikeJsx(): boolean {
    const m = /^<\s*(?:>|([A-Za-z_$][\w$.:-]*)(\s*)([^\s]?))/.exec(this.text.slice(this.pos, this.pos + 200));
    if (!m) return false;
    if (m[1] === undefined) return true;
    const after = m[3] ?? '';
    if (after === ',') return false;
    if (m[2] && /^extends\b/.test(this.text.slice(this.pos + m[0].length - 1, this.pos + m[0].length + 7))) return false;
    return true;
  }

  /** Skips a JSX element, keeping the tokens of its `{…}` containers. */
  private jsxElement(depth: number): Token {
    const start = this.pos;
    const exprs: Token[][] = [];
    this.element(exprs, depth);
    return { kind: 'jsx', start, end: this.pos, text: '', exprs };
  }

  private element(exprs: Token[][], depth: number): void {
    const text = this.text;
    this.pos++; // <
    if (depth >= MAX_DEPTH) {
      this.pos = text.length;
      return;
    }
    while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
    if (text[this.pos] === '>') {
      this.pos++;
      this.children(exprs, depth);
      return;
    }
    while (this.pos < text.length && /[\w$.:-]/.test(text[this.pos] as string)) this.pos++;
    // Attributes.
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (isSpace(ch.charCodeAt(0))) {
        this.pos++;
      } else if (ch === '/' && text[this.pos + 1] === '>') {
        this.pos += 2;
        return;
      } else if (ch === '>') {
        this.pos++;
        this.children(exprs, depth);
        return;
      } else if (ch === '{') {
        this.pos++;
        exprs.push(this.run(true, depth + 1));
      } else if (ch === '"' || ch === "'") {
        const end = text.indexOf(ch, this.pos + 1);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === '<') {
        this.element(exprs, depth + 1);
      } else {
        this.pos++;
      }
    }
  }

  private children(exprs: Token[][], depth: number): void {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '{') {
        this.pos++;
        exprs.push(this.run(true, depth + 1));
      } else if (ch === '<') {
        if (text[this.pos + 1] === '/') {
          const end = text.indexOf('>', this.pos);
          this.pos = end === -1 ? text.length : end + 1;
          return;
        }
        this.element(exprs, depth + 1);
      } else {
        this.pos++;
      }
    }
  }
}

function expressionMayStart(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'ident') return EXPRESSION_KEYWORDS.has(prev.text);
  if (prev.kind === 'punct') return prev.text !== ')' && prev.text !== ']' && prev.text !== '++' && prev.text !== '--';
  return false;
}

/** The decoded character(s) of an escape at `at` (a backslash) and the length of the escape. */
function decodeEscape(text: string, at: number): [string, number] {
  const c = text[at + 1];
  switch (c) {
    case undefined:
      return ['', 1];
    case 'n':
      return ['\n', 2];
    case 't':
      return ['\t', 2];
    case 'r':
      return ['\r', 2];
    case 'b':
      return ['\b', 2];
    case 'f':
      return ['\f', 2];
    case 'v':
      return ['\v', 2];
    case '0':
      return ['\0', 2];
    case '\r':
      return ['', text[at + 2] === '\n' ? 3 : 2];
    case '\n':
      return ['', 2];
    case 'x': {
      const hex = text.slice(at + 2, at + 4);
      return /^[0-9a-fA-F]{2}$/.test(hex) ? [String.fromCharCode(parseInt(hex, 16)), 4] : ['x', 2];
    }
    case 'u': {
      if (text[at + 2] === '{') {
        const close = text.indexOf('}', at + 3);
        const hex = close === -1 ? '' : text.slice(at + 3, close);
        if (/^[0-9a-fA-F]{1,6}$/.test(hex) && parseInt(hex, 16) <= 0x10ffff) return [String.fromCodePoint(parseInt(hex, 16)), close - at + 1];
        return ['u', 2];
      }
      const hex = text.slice(at + 2, at + 6);
      return /^[0-9a-fA-F]{4}$/.test(hex) ? [String.fromCharCode(parseInt(hex, 16)), 6] : ['u', 2];
    }
    default:
      return [c, 2];
  }
}

/** Every token, including those inside template substitutions and JSX containers, in source order. */
export function* allTokens(tokens: readonly Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.exprs) for (const inner of token.exprs) yield* allTokens(inner);
  }
}
