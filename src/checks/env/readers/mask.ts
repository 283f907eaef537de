/**
 * Blanks out comments (keeping every offset and line break) so that commented-out code does not count
 * as reading a variable. String literals are kept: the readers need them (`process.env['X']`).
 */
export interface MaskSyntax {
  line: readonly string[];
  block: readonly (readonly [string, string])[];
  /** Quote characters of string literals. */
  quotes: readonly string[];
  /** Quotes whose literals may span lines (others end at an unescaped line break). */
  multiline?: readonly string[];
  /** `"""` / `'''` literals (Python, Java and Kotlin text blocks). */
  triple?: boolean;
  /** JavaScript: template literals with `${}` and regular expression literals. */
  javascript?: boolean;
  /** A line comment must start a line or follow white space (YAML, shell). */
  lineCommentAfterSpace?: boolean;
  /** Also blank the text of string literals (template substitutions stay): what is left is code only. */
  blankStrings?: boolean;
}

export const SYNTAX = {
  javascript: { line: ['//'], block: [['/*', '*/']], quotes: ["'", '"', '`'], multiline: ['`'], javascript: true },
  python: { line: ['#'], block: [], quotes: ["'", '"'], triple: true },
  ruby: { line: ['#'], block: [['=begin', '=end']], quotes: ["'", '"'], multiline: ["'", '"'] },
  go: { line: ['//'], block: [['/*', '*/']], quotes: ['"', '`'], multiline: ['`'] },
  rust: { line: ['//'], block: [['/*', '*/']], quotes: ['"'], multiline: ['"'] },
  java: { line: ['//'], block: [['/*', '*/']], quotes: ['"'], triple: true },
  php: { line: ['//', '#'], block: [['/*', '*/']], quotes: ["'", '"'], multiline: ["'", '"'] },
  prisma: { line: ['//'], block: [], quotes: ['"'] },
  yaml: { line: ['#'], block: [], quotes: [], lineCommentAfterSpace: true },
  properties: { line: ['#', '!'], block: [], quotes: [], lineCommentAfterSpace: true },
} as const satisfies Record<string, MaskSyntax>;

const REGEX_AFTER = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const REGEX_KEYWORDS = /(?:^|[^\w$.])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await|instanceof)\s*$/;

export function maskComments(text: string, syntax: MaskSyntax): string {
  const out: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(/[^\n\r]/g, ' '));
    copied = to;
  };
  const n = text.length;
  const special = specialChars(syntax);
  // Template literal nesting: each entry is the brace depth at which a `${` was opened.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  let lastSignificant = '';
  let lastSignificantAt = -1;
  while (i < n) {
    const ch = text[i] as string;
    if (syntax.javascript && templates.length && ch === '}' && depth === templates[templates.length - 1]) {
      templates.pop();
      const from = i + 1;
      i = skipTemplate(text, from, templates, () => depth);
      if (syntax.blankStrings) blank(from, i);
      lastSignificant = '`';
      continue;
    }
    let matched = false;
    for (const marker of syntax.line) {
      if (text.startsWith(marker, i) && (!syntax.lineCommentAfterSpace || i === 0 || /\s/.test(text[i - 1] as string))) {
        let e = i;
        while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
        blank(i, e);
        i = e;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    for (const [open, close] of syntax.block) {
      if (text.startsWith(open, i) && (open !== '=begin' || i === 0 || text[i - 1] === '\n')) {
        const e = text.indexOf(close, i + open.length);
        const end = e === -1 ? n : e + close.length;
        blank(i, end);
        i = end;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (syntax.triple && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const q = text.slice(i, i + 3);
      const e = text.indexOf(q, i + 3);
      const end = e === -1 ? n : e + 3;
      if (syntax.blankStrings) blank(i + 3, Math.max(i + 3, end - 3));
      i = end;
      lastSignificant = 'x';
      continue;
    }
    if ((syntax.quotes as readonly string[]).includes(ch)) {
      const from = i + 1;
      if (syntax.javascript && ch === '`') {
        i = skipTemplate(text, from, templates, () => depth);
      } else {
        i = skipString(text, from, ch, (syntax.multiline as readonly string[] | undefined)?.includes(ch) ?? false);
      }
      if (syntax.blankStrings) blank(from, i);
      lastSignificant = 'x';
      continue;
    }
    if (syntax.javascript && ch === '/' && isRegexStart(text, lastSignificant, lastSignificantAt)) {
      i = skipRegex(text, i + 1);
      lastSignificant = 'x';
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    if (!/\s/.test(ch)) {
      lastSignificant = ch;
      lastSignificantAt = i;
    }
    // Jump to the next character that can start something (most of a file is plain code).
    special.lastIndex = i + 1;
    const next = special.exec(text);
    const j = next ? next.index : n;
    let k = j - 1;
    while (k > i && /\s/.test(text[k] as string)) k--;
    if (k > i) {
      lastSignificant = text[k] as string;
      lastSignificantAt = k;
    }
    i = j;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');

  function isRegexStart(src: string, prev: string, prevAt: number): boolean {
    if (prev === '' || REGEX_AFTER.has(prev)) return true;
    if (/[\w$]/.test(prev) && prevAt >= 0) return REGEX_KEYWORDS.test(src.slice(Math.max(0, prevAt - 12), prevAt + 1));
    return false;
  }
}

const SPECIAL = new WeakMap<MaskSyntax, RegExp>();

/** The characters at which something other than plain code can begin, for this syntax. */
function specialChars(syntax: MaskSyntax): RegExp {
  let re = SPECIAL.get(syntax);
  if (!re) {
    const chars = new Set<string>([...syntax.line.map((m) => m[0] as string), ...syntax.block.map(([open]) => open[0] as string), ...syntax.quotes]);
    if (syntax.javascript) for (const c of '/{}') chars.add(c);
    re = new RegExp(`[${[...chars].map((c) => `\\${c}`).join('')}]`, 'g');
    SPECIAL.set(syntax, re);
  }
  return re;
}

/** Skips a quoted string; returns the offset after its closing quote (or the line end / text end). */
function skipString(text: string, i: number, q: string, multiline: boolean): number {
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === q) return i + 1;
    if (!multiline && (c === '\n' || c === '\r')) return i;
    i++;
  }
  return n;
}

/** Skips template literal text; at `${` it records the nesting and returns to code. */
function skipTemplate(text: string, i: number, templates: number[], depth: () => number): number {
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') return i + 1;
    if (c === '$' && text[i + 1] === '{') {
      templates.push(depth());
      return i + 2;
    }
    i++;
  }
  return n;
}

/** Skips a regular expression literal body (never past the line end). */
function skipRegex(text: string, i: number): number {
  const n = text.length;
  let inClass = false;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === '\r') return i;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i + 1;
    i++;
  }
  return n;
}

/**
 * Whether the text at an offset is code rather than the inside of a string literal (help text quoting
 * `ENV['X']`). `interpolation` marks where code resumes inside a string (Ruby's `#{`, PHP's `{$`).
 */
export function inCodeOf(text: string, syntax: MaskSyntax, interpolation?: string): (at: number, length: number) => boolean {
  let code: string | undefined;
  return (at, length) => {
    code ??= maskComments(text, { ...syntax, blankStrings: true });
    if (code.startsWith(text.slice(at, at + length), at)) return true;
    if (!interpolation) return false;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const open = text.lastIndexOf(interpolation, at);
    return open >= lineStart && !text.slice(open, at).includes('}');
  };
}
