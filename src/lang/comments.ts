import { jsxFor, lexJs, type Span } from './js/lexer.js';

interface Syntax {
  line: string[];
  block: [string, string][];
  /** Quotes whose contents are skipped (a comment marker inside a string is text). */
  quotes: string[];
  /** `#` starts a comment only at the start of a line or after whitespace (shell, YAML, TOML). */
  hashNeedsSpace?: boolean;
  /** Python-style triple-quoted strings. */
  triple?: boolean;
}

const C_LIKE: Syntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"] };
const HASH: Syntax = { line: ['#'], block: [], quotes: ['"', "'"], hashNeedsSpace: true };

const BY_EXTENSION: Record<string, Syntax> = {
  py: { line: ['#'], block: [], quotes: ['"', "'"], triple: true },
  pyi: { line: ['#'], block: [], quotes: ['"', "'"], triple: true },
  rb: { line: ['#'], block: [['=begin', '=end']], quotes: ['"', "'"] },
  sh: HASH,
  bash: HASH,
  zsh: HASH,
  yml: HASH,
  yaml: HASH,
  toml: HASH,
  conf: HASH,
  cfg: HASH,
  ini: { line: ['#', ';'], block: [], quotes: ['"'], hashNeedsSpace: true },
  env: HASH,
  properties: HASH,
  tf: { line: ['#', '//'], block: [['/*', '*/']], quotes: ['"'] },
  go: { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] },
  rs: C_LIKE,
  c: C_LIKE,
  h: C_LIKE,
  cc: C_LIKE,
  cpp: C_LIKE,
  hpp: C_LIKE,
  cs: C_LIKE,
  java: C_LIKE,
  kt: C_LIKE,
  kts: C_LIKE,
  scala: C_LIKE,
  swift: C_LIKE,
  dart: C_LIKE,
  php: { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"', "'"] },
  css: { line: [], block: [['/*', '*/']], quotes: ['"', "'"] },
  scss: C_LIKE,
  less: C_LIKE,
  sql: { line: ['--'], block: [['/*', '*/']], quotes: ["'", '"'] },
  lua: { line: ['--'], block: [['--[[', ']]']], quotes: ['"', "'"] },
  html: { line: [], block: [['<!--', '-->']], quotes: [] },
  htm: { line: [], block: [['<!--', '-->']], quotes: [] },
  xml: { line: [], block: [['<!--', '-->']], quotes: [] },
  md: { line: [], block: [['<!--', '-->']], quotes: [] },
  vue: { line: [], block: [['<!--', '-->']], quotes: [] },
  svelte: { line: [], block: [['<!--', '-->']], quotes: [] },
};

const JS_EXTENSIONS = new Set(['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts']);
const BY_NAME: Record<string, Syntax> = { dockerfile: HASH, makefile: HASH, gemfile: BY_EXTENSION.rb as Syntax, rakefile: BY_EXTENSION.rb as Syntax };

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name.startsWith('.env')) return 'env';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}

/** Whether comments of this file can be found (its language is known). */
export function knowsComments(path: string): boolean {
  const ext = extensionOf(path);
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return JS_EXTENSIONS.has(ext) || ext in BY_EXTENSION || name in BY_NAME;
}

/** The spans of the comments in a file, by its language; empty when the language is unknown. */
export function commentSpans(path: string, text: string): Span[] {
  const ext = extensionOf(path);
  if (JS_EXTENSIONS.has(ext)) return lexJs(text, { jsx: jsxFor(path) }).comments;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const syntax = BY_EXTENSION[ext] ?? BY_NAME[name];
  return syntax ? scanComments(text, syntax) : [];
}

/**
 * The text with every comment character replaced by a space (line ends kept), so that offsets, lines and
 * columns of what remains are unchanged.
 */
export function blankComments(path: string, text: string): string {
  const spans = commentSpans(path, text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of spans) {
    out += text.slice(at, start);
    out += text.slice(start, end).replace(/[^\r\n]/g, ' ');
    at = end;
  }
  return out + text.slice(at);
}

function scanComments(text: string, syntax: Syntax): Span[] {
  const spans: Span[] = [];
  let i = 0;
  const n = text.length;
  outer: while (i < n) {
    const ch = text[i] as string;
    if (syntax.triple && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const quote = text.slice(i, i + 3);
      const end = text.indexOf(quote, i + 3);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (syntax.quotes.includes(ch)) {
      i++;
      while (i < n && text[i] !== ch) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n' && ch !== '`') break;
        i++;
      }
      i++;
      continue;
    }
    for (const [open, close] of syntax.block) {
      if (text.startsWith(open, i)) {
        const end = text.indexOf(close, i + open.length);
        const stop = end === -1 ? n : end + close.length;
        spans.push({ start: i, end: stop });
        i = stop;
        continue outer;
      }
    }
    for (const marker of syntax.line) {
      if (!text.startsWith(marker, i)) continue;
      if (marker === '#' && syntax.hashNeedsSpace && i > 0 && !/\s/.test(text[i - 1] as string)) continue;
      let end = i;
      while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
      spans.push({ start: i, end });
      i = end;
      continue outer;
    }
    i++;
  }
  return spans;
}
