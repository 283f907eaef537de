/**
 * A dotenv parser that gives the same key/value map as `dotenv.parse` (v17), and says where every key and
 * value is written. It is a hand-written scanner that reproduces what dotenv's line expression accepts,
 * including its surprises (a value taken from the next line after `KEY=` or `KEY:`, a quoted value that
 * spans lines, text after a closing quote making the whole value literal), so that what this check
 * reads is what the application will read. It runs in linear time: no backtracking on hostile input.
 *
 * Property-tested against the `dotenv` package (__tests__/env/dotenv-parse.test.ts).
 */

import { excerpt } from '../../util/excerpt.js';

export type Quote = "'" | '"' | '`';

export interface EnvEntry {
  key: string;
  /** The value exactly as dotenv returns it (quotes removed, `\n` expanded in double quotes). */
  value: string;
  /** The quote the raw value begins with, when it is a quoted value that dotenv unquoted. */
  quote: Quote | undefined;
  /** Written with an `export ` prefix. */
  exported: boolean;
  /** [start, end) offsets into the original text. */
  keyStart: number;
  keyEnd: number;
  /** The raw value as written (trimmed, quotes included); equal offsets for an empty value. */
  valueStart: number;
  valueEnd: number;
}

export type ParseWarningKind = 'malformed-line' | 'unterminated-quote' | 'text-after-quote' | 'value-on-next-line' | 'duplicate-key' | 'lowercase-key';

export interface ParseWarning {
  kind: ParseWarningKind;
  /** [start, end) offsets into the original text. */
  start: number;
  end: number;
  message: string;
  key?: string;
}

export interface ParsedEnv {
  /** Every assignment in file order, duplicates included. */
  entries: EnvEntry[];
  /** The effective entry of each key: the last one, as dotenv keeps the last duplicate. */
  byKey: Map<string, EnvEntry>;
  warnings: ParseWarning[];
}

const QUOTES = new Set(["'", '"', '`']);

/** JavaScript's `\s`: what dotenv's expression treats as white space. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Line terminators as JavaScript regular expressions know them (`^`, `$` and `.` in multiline mode). */
function isLineEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** `[\w.-]` */
function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

const HASH = 35;
const NEWLINE = 10;
const BACKSLASH = 92;

interface RawMatch {
  start: number;
  exported: boolean;
  keyStart: number;
  keyEnd: number;
  /** Where the value may begin (right after the separator). */
  valuePos: number;
  rawStart: number;
  rawEnd: number;
  /** Where the whole match ends; the next search starts at the line after it. */
  end: number;
  /** The value began with a quote that has no usable closing quote. */
  quoteProblem?: 'unterminated' | 'text-after';
}

class Scanner {
  readonly n: number;
  private readonly closers = new Map<string, { unescaped: number[]; escapedOk: number[] }>();

  constructor(readonly t: string) {
    this.n = t.length;
  }

  code(i: number): number {
    return i < this.n ? this.t.charCodeAt(i) : -1;
  }

  skipSpace(i: number): number {
    while (i < this.n && isSpace(this.t.charCodeAt(i))) i++;
    return i;
  }

  /** After a value: white space (across lines), an optional `# comment`, then the end of a line. */
  tailOk(pos: number): boolean {
    const j = this.skipSpace(pos);
    if (j === this.n || this.t.charCodeAt(j) === HASH) return true;
    for (let k = pos; k < j; k++) if (isLineEnd(this.t.charCodeAt(k))) return true;
    return false;
  }

  /** Where a match whose value ends at `pos` ends (assumes tailOk(pos)). */
  tailEnd(pos: number): number {
    const j = this.skipSpace(pos);
    if (j === this.n) return j;
    if (this.t.charCodeAt(j) === HASH) {
      let k = j;
      while (k < this.n && !isLineEnd(this.t.charCodeAt(k))) k++;
      return k;
    }
    for (let k = j - 1; k >= pos; k--) if (isLineEnd(this.t.charCodeAt(k))) return k;
    return j;
  }

  /**
   * The closing quote dotenv's expression settles on for a value opened at `open`: the first quote not
   * preceded by a backslash when what follows it ends the line, otherwise the last backslash-escaped
   * quote before it (or before the end) that does. Positions are precomputed once per quote character.
   */
  findClose(open: number, q: string): number | undefined {
    let table = this.closers.get(q);
    if (!table) {
      const unescaped: number[] = [];
      const escapedOk: number[] = [];
      let i = this.t.indexOf(q);
      while (i !== -1) {
        if (i > 0 && this.t.charCodeAt(i - 1) === BACKSLASH) {
          if (this.tailOk(i + 1)) escapedOk.push(i);
        } else unescaped.push(i);
        i = this.t.indexOf(q, i + 1);
      }
      table = { unescaped, escapedOk };
      this.closers.set(q, table);
    }
    const final = firstAbove(table.unescaped, open);
    if (final !== undefined && this.tailOk(final + 1)) return final;
    const limit = final ?? this.n;
    const escaped = lastBelow(table.escapedOk, limit);
    return escaped !== undefined && escaped > open ? escaped : undefined;
  }

  keyEnd(k: number): number {
    while (k < this.n && isKeyChar(this.t.charCodeAt(k))) k++;
    return k;
  }

  matchAt(c: number): RawMatch | undefined {
    const t = this.t;
    if (t.startsWith('export', c) && isSpace(this.code(c + 6))) {
      const k = this.skipSpace(c + 6);
      const m = this.afterKey(c, k, true);
      if (m) return m;
    }
    return this.afterKey(c, c, false);
  }

  private afterKey(start: number, keyStart: number, exported: boolean): RawMatch | undefined {
    const keyEnd = this.keyEnd(keyStart);
    if (keyEnd === keyStart) return undefined;
    const w = this.skipSpace(keyEnd);
    let valuePos: number;
    if (this.code(w) === 61 /* = */) valuePos = w + 1;
    else if (this.code(keyEnd) === 58 /* : */ && isSpace(this.code(keyEnd + 1))) valuePos = keyEnd + 2;
    else return undefined;
    // Plain object literals: object spread in this loop costs V8 a slow clone per line.
    const open = this.skipSpace(valuePos);
    let quoteProblem: RawMatch['quoteProblem'];
    if (open < this.n && QUOTES.has(this.t[open] as string)) {
      const close = this.findClose(open, this.t[open] as string);
      if (close !== undefined) return { start, exported, keyStart, keyEnd, valuePos, rawStart: valuePos, rawEnd: close + 1, end: this.tailEnd(close + 1), quoteProblem: undefined };
      quoteProblem = this.t.indexOf(this.t[open] as string, open + 1) === -1 ? 'unterminated' : 'text-after';
    }
    const c = this.code(valuePos);
    let rawEnd = valuePos;
    if (valuePos < this.n && c !== HASH && c !== NEWLINE && c !== 13) {
      while (rawEnd < this.n) {
        const d = this.t.charCodeAt(rawEnd);
        if (d === HASH || d === NEWLINE || d === 13) break;
        rawEnd++;
      }
    }
    return { start, exported, keyStart, keyEnd, valuePos, rawStart: valuePos, rawEnd, end: this.tailEnd(rawEnd), quoteProblem };
  }
}

function firstAbove(sorted: number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo];
}

function lastBelow(sorted: number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

/**
 * dotenv removes one pair of matching quotes that begins a line of the value and ends a line of it (in
 * practice: the quotes around a quoted value), as many times as such pairs occur.
 */
export function unquote(v: string): string {
  if (v.length < 2) return v;
  let lastCloser: Record<string, number> | undefined;
  const closerFor = (q: string): number => {
    if (!lastCloser) {
      lastCloser = {};
      for (let e = v.length - 1; e >= 0; e--) {
        const ch = v[e] as string;
        if (QUOTES.has(ch) && lastCloser[ch] === undefined && (e + 1 === v.length || isLineEnd(v.charCodeAt(e + 1)))) lastCloser[ch] = e;
      }
    }
    return lastCloser[q] ?? -1;
  };
  let out = '';
  let copied = 0;
  let s = 0;
  while (s < v.length) {
    const ch = v[s] as string;
    if ((s === 0 || isLineEnd(v.charCodeAt(s - 1))) && QUOTES.has(ch)) {
      const e = closerFor(ch);
      if (e > s) {
        out += v.slice(copied, s) + v.slice(s + 1, e);
        copied = e + 1;
        s = e + 1;
        continue;
      }
    }
    const next = nextLineStart(v, s);
    if (next === -1) break;
    s = next;
  }
  return copied === 0 ? v : out + v.slice(copied);
}

function nextLineStart(v: string, from: number): number {
  for (let i = from; i < v.length; i++) if (isLineEnd(v.charCodeAt(i))) return i + 1;
  return -1;
}

/** Maps offsets in the CRLF-normalised text back to the original text. */
function offsetMapper(original: string): (i: number) => number {
  if (!original.includes('\r\n')) return (i) => i;
  const removedBefore: number[] = [];
  let removed = 0;
  for (let i = original.indexOf('\r\n'); i !== -1; i = original.indexOf('\r\n', i + 2)) {
    // The CRLF at original offset i becomes "\n" at normalised offset i - removed.
    removedBefore.push(i - removed);
    removed++;
  }
  return (i) => {
    let lo = 0;
    let hi = removedBefore.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((removedBefore[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return i + lo;
  };
}

/** 1-based line numbers of offsets, from a table of line starts built once. */
function lineIndex(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Parses an env file as dotenv does, with positions and warnings. */
export function parseDotenv(original: string): ParsedEnv {
  const t = original.replace(/\r\n?/g, '\n');
  const toOriginal = offsetMapper(original);
  const s = new Scanner(t);
  const entries: EnvEntry[] = [];
  const warnings: ParseWarning[] = [];
  const warn = (kind: ParseWarningKind, start: number, end: number, message: string, key?: string) => {
    warnings.push({ kind, start: toOriginal(start), end: toOriginal(end), message, ...(key !== undefined ? { key } : {}) });
  };

  let pos = 0;
  while (pos < s.n) {
    // The next line start at or after pos (dotenv's expression is anchored to line starts).
    let p = pos;
    if (p > 0 && !isLineEnd(t.charCodeAt(p - 1))) {
      while (p < s.n && !isLineEnd(t.charCodeAt(p))) p++;
      p++;
      if (p >= s.n) break;
    }
    const c = s.skipSpace(p);
    if (c >= s.n) break;
    const m = s.matchAt(c);
    if (!m) {
      let e = c;
      while (e < s.n && !isLineEnd(t.charCodeAt(e))) e++;
      if (t.charCodeAt(c) !== HASH) warn('malformed-line', c, e, malformedReason(t.slice(c, e)));
      pos = e + 1;
      continue;
    }
    const key = t.slice(m.keyStart, m.keyEnd);
    const raw = t.slice(m.rawStart, m.rawEnd);
    const trimmed = raw.trim();
    const lead = raw.length - raw.trimStart().length;
    const maybeQuote = trimmed[0];
    const unquoted = unquote(trimmed);
    const quoted = unquoted !== trimmed;
    const value = maybeQuote === '"' ? unquoted.split('\\n').join('\n').split('\\r').join('\r') : unquoted;
    const valueStart = m.rawStart + lead;
    const entry: EnvEntry = {
      key,
      value,
      quote: quoted ? (maybeQuote as Quote) : undefined,
      exported: m.exported,
      keyStart: toOriginal(m.keyStart),
      keyEnd: toOriginal(m.keyEnd),
      valueStart: toOriginal(valueStart),
      valueEnd: toOriginal(valueStart + trimmed.length),
    };
    entries.push(entry);

    const keyLineEnd = t.indexOf('\n', m.keyStart);
    if (keyLineEnd !== -1 && trimmed.length > 0 && valueStart > keyLineEnd) {
      warn('value-on-next-line', m.keyStart, m.keyEnd, `${key} has no value on its own line, so dotenv takes the next line as its value (${JSON.stringify(clip(trimmed))}). Write \`${key}=\` with the value on the same line, or quote a multi-line value.`, key);
    } else if (m.quoteProblem === 'unterminated') {
      warn('unterminated-quote', valueStart, valueStart + trimmed.length, `The quote that opens the value of ${key} is never closed, so dotenv reads the rest of the line literally, quote included. Close the quote.`, key);
    } else if (m.quoteProblem === 'text-after') {
      warn('text-after-quote', valueStart, valueStart + trimmed.length, `The value of ${key} has text after its closing quote, so dotenv keeps the quotes and reads the whole line literally. Move the text inside the quotes or after a \` #\`.`, key);
    }
    pos = m.end;
  }

  const byKey = new Map<string, EnvEntry>();
  const lineOf = lineIndex(original);
  for (const entry of entries) {
    const earlier = byKey.get(entry.key);
    if (earlier) {
      warnings.push({
        kind: 'duplicate-key',
        start: entry.keyStart,
        end: entry.keyEnd,
        key: entry.key,
        message: `${entry.key} is also set on line ${lineOf(earlier.keyStart)}; dotenv keeps this last value. Remove one of them.`,
      });
    }
    byKey.set(entry.key, entry);
    if (/[a-z]/.test(entry.key)) {
      warnings.push({
        kind: 'lowercase-key',
        start: entry.keyStart,
        end: entry.keyEnd,
        key: entry.key,
        message: `${entry.key} has lower-case letters; environment variable names are upper case by convention (${entry.key.toUpperCase()}), and some platforms and tools treat names case-insensitively.`,
      });
    }
  }
  warnings.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  return { entries, byKey, warnings };
}

function clip(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return excerpt(line, 40);
}

function malformedReason(line: string): string {
  const shown = JSON.stringify(clip(line));
  const key = /^(?:export\s+)?([\w.-]+)/.exec(line);
  if (key) {
    const rest = line.slice(key[0].length);
    if (rest.startsWith(':')) return `${shown}: dotenv ignores this line: \`:\` must be followed by a space (\`KEY: value\`), or write \`KEY=value\`.`;
    if (/^\s*:/.test(rest)) return `${shown}: dotenv ignores this line: no space is allowed before \`:\`; write \`KEY=value\`.`;
    if (rest.trim() === '') return `${shown}: dotenv ignores this line: a name without \`=\`. Write \`${key[1]}=\` to list it with an empty value.`;
    return `${shown}: dotenv ignores this line: it is not \`KEY=value\` (names may only contain letters, digits, \`_\`, \`.\` and \`-\`).`;
  }
  return `${shown}: dotenv ignores this line: it is not \`KEY=value\` (names may only contain letters, digits, \`_\`, \`.\` and \`-\`).`;
}
