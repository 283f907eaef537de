import { isPlaceholder } from '../values.js';
import { literalAt, matchingClose, skipSpace } from './literals.js';
import type { EnvRead } from './types.js';

/**
 * How the code uses a value it reads from the environment: whether it runs without it (a fallback, a
 * presence test, a comparison with a literal), and what it falls back to.
 */
export interface Use {
  optional?: true;
  /** The fallback is a value the code carries: unset, the app runs with that value. */
  valueDefault?: true;
  /** Variables read in its place when it is unset. */
  alternatives?: string[];
  /** A test of whether it is set (`if (X)`, `X ? a : b`, `X && …`): the code around it handles both. */
  guard?: true;
  /** Compared with a switch value (`=== 'true'`, `== "1"`): a feature flag, off when unset. */
  flag?: true;
  /** The program stops when it is unset (`if (!X) throw …`): needed, whatever the form of the read. */
  stops?: true;
}

export interface UseSyntax {
  /** An environment read starting exactly at `at`: its name and where it ends. */
  readAt(text: string, at: number): { name: string; end: number } | undefined;
  /** Operators that supply a fallback (`??`, `||`; Python `or`). */
  fallback: RegExp;
  /** Operators that compare with something (`===`, `!=`, `in`, `is`). */
  compare: RegExp;
  /** Operators after which the read is only a test (`?` of a ternary, `&&`). */
  test: RegExp;
  /** Text ending right before the read that makes it a test (`!`, `if (`, `Boolean(`, `not `). */
  testBefore: RegExp;
  /** Text ending right before the read that makes it someone else's fallback (`?? `, `|| `, `or `). */
  fallbackBefore: RegExp;
  /** Member access and calls on the value that keep it a value (`?.trim()`, `.lower()`). */
  member: RegExp;
  /** Optional chaining: the code handles an unset value. */
  optionalMember?: RegExp;
  /** The condition the read is part of, if any. */
  condition: (text: string, at: number) => Condition | undefined;
  /** A comparison with nothing (`=== undefined`, `== ""`, `is None`): a test that the variable is missing. */
  emptyCompare: RegExp;
  /** A test that it is set (`.present?`, `!= ""`, `is not None`). */
  presence?: RegExp;
  /** Empty values: the fallback supplies nothing. */
  empty: RegExp;
  /** The variable a read is assigned to (`const key = `, `key = `, `key := `), captured, anchored at the end. */
  assignedTo?: RegExp;
  /** A test of that variable, `$V` standing for its name (`if (!key)`, `if not key:`, `if key == ""`). */
  testOf?: string;
  quotes: string;
}

export const JS_USE: Omit<UseSyntax, 'readAt'> = {
  fallback: /^\s*(?:\?\?|\|\|)(?!=)/,
  compare: /^\s*(?:===?|!==?)/,
  test: /^\s*(?:\?(?![.?])|&&)/,
  testBefore: /(?:(?:^|[^!=])!!?|\bBoolean\s*\(\s*|\btypeof\s+|&&)\s*$/,
  fallbackBefore: /(?:\?\?|\|\|)\s*$/,
  member: /^\s*(?:!(?!=)\s*)?(?:\.\s*[A-Za-z_$][\w$]*|\s+as\s+[A-Za-z_$][\w$.]*(?:<[^<>()]*>)?(?:\[\])?(?:\s*\|\s*[A-Za-z_$][\w$.]*(?:\[\])?)*)/,
  optionalMember: /^\s*\?\.\s*(?:[A-Za-z_$][\w$]*|\(|\[)/,
  // The branch fails: it throws, exits, logs an error, or returns an error (`{ error }`, `status: 500`, `res.status(400)`).
  condition: parenCondition(/^\s*\{?\s*(?:throw\b|process\s*\.\s*exit\b|(?:console|logger|log)\s*\.\s*(?:error|fatal)\b|return\b[^;\n]*(?:\berror\b|Error\b|status\s*:\s*[45]\d\d|\.status\s*\(\s*[45]\d\d|\b[45]\d\d\s*\))|\w+\s*\.\s*status\s*\(\s*[45]\d\d)/),
  emptyCompare: /^\s*===?\s*(?:undefined\b|null\b|''|""|``)/,
  presence: /^\s*!==?\s*(?:undefined\b|null\b|''|""|``)/,
  empty: /^\s*(?:''|""|``|undefined\b|null\b|false\b|0(?![\w.])|\[\s*\]|\{\s*\})/,
  assignedTo: /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$.<>|\s]+)?=\s*$/,
  testOf: String.raw`\bif\s*\(\s*(?:!\s*)?$V\b(?:\s*(?:===?|!==?)\s*(?:undefined|null|''|""))?`,
  quotes: '\'"`',
};

export const PYTHON_USE: Omit<UseSyntax, 'readAt'> = {
  fallback: /^[ \t]*or\b/,
  compare: /^[ \t]*(?:==|!=|\bin\b|\bnot\s+in\b|\bis\b)/,
  test: /^[ \t]*(?:\band\b|\bif\b)/,
  testBefore: /(?:\b(?:not|and|if)\s+|\bbool\s*\(\s*)$/,
  fallbackBefore: /\bor\s+$/,
  member: /^[ \t]*\.\s*(?:lower|upper|strip|lstrip|rstrip|casefold|title)\s*(?=\()/,
  condition: lineCondition(/^\s*(?:if|elif|while)\s/, /^\n\s*(?:raise\b|sys\s*\.\s*exit\b|exit\s*\(|abort\s*\(|(?:logger|logging|log)\s*\.\s*(?:error|critical|fatal)\b|return\b[^\n]*(?:\berror\b|Error\b|status(?:_code)?\s*=\s*[45]\d\d|\b[45]\d\d\b))/),
  emptyCompare: /^[ \t]*(?:==|is)\s*(?:None\b|''|"")/,
  presence: /^[ \t]*(?:!=|is\s+not)\s*(?:None\b|''|"")/,
  empty: /^\s*(?:None\b|''|""|False\b|0(?![\w.])|\[\s*\]|\{\s*\}|\(\s*\))/,
  assignedTo: /^[ \t]*([A-Za-z_]\w*)\s*(?::\s*[^=\n]+)?=\s*$/m,
  testOf: String.raw`\bif\s+(?:not\s+)?\(?\s*$V\b(?:\s*(?:is\s+None|==\s*(?:None|''|"")))?`,
  quotes: '\'"',
};

export const RUBY_USE: Omit<UseSyntax, 'readAt'> = {
  fallback: /^[ \t]*(?:\|\||\bor\b|\{|\bdo\b)/,
  compare: /^[ \t]*(?:==|!=|=~|\.\s*(?:present\?|blank\?|nil\?|empty\?|presence|in\?))/,
  test: /^[ \t]*(?:\?(?![.?])|&&|\band\b|\bthen\b)/,
  testBefore: /(?:(?<![!=])!|\b(?:and|not|if|unless)\s+|&&\s*)$/,
  fallbackBefore: /(?:\|\||\bor)\s*$/,
  member: /^[ \t]*\.\s*(?:to_s|to_i|to_f|to_sym|downcase|upcase|strip|chomp)\b/,
  optionalMember: /^\s*&\./,
  condition: rubyCondition,
  emptyCompare: /^[ \t]*(?:==\s*(?:nil\b|''|"")|\.\s*(?:blank\?|nil\?|empty\?))/,
  presence: /^[ \t]*(?:!=\s*(?:nil\b|''|"")|\.\s*(?:present\?|presence\b))/,
  empty: /^\s*(?:nil\b|''|""|false\b|0(?![\w.])|\[\s*\]|\{\s*\})/,
  quotes: '\'"',
};

export const GO_USE: Omit<UseSyntax, 'readAt'> = {
  fallback: /^(?!)/,
  compare: /^[ \t]*(?:==|!=|;\s*[A-Za-z_]\w*\s*(?:==|!=))/,
  test: /^(?!)/,
  testBefore: /(?:&&|\|\|)\s*$/,
  fallbackBefore: /^(?!)/,
  member: /^(?!)/,
  condition: lineCondition(/^\s*(?:\}\s*else\s+)?if\s/, /^\n\s*(?:log\s*\.\s*(?:Fatal|Panic)|panic\s*\(|os\s*\.\s*Exit|return\b[^\n]*(?:\berr\b|Err|errors\s*\.|fmt\s*\.\s*Errorf))/),
  emptyCompare: /^[ \t]*==\s*""/,
  presence: /^[ \t]*!=\s*""|^\s*;\s*[A-Za-z_]\w*\s*(?:==|!=)\s*""/,
  empty: /^\s*(?:""|``)/,
  assignedTo: /\b([A-Za-z_]\w*)\s*:?=\s*$/,
  testOf: String.raw`\bif\s+$V\s*(?:==|!=)\s*""`,
  quotes: '"`',
};

export const PHP_USE: Omit<UseSyntax, 'readAt'> = {
  fallback: /^\s*(?:\?\?|\?:|\|\||\bor\b)/,
  compare: /^\s*(?:===?|!==?|<>)/,
  test: /^\s*(?:\?(?![?:])|&&|\band\b)/,
  testBefore: /(?:(?<![!=])!|\bempty\s*\(\s*|\bisset\s*\(\s*|&&)\s*$/,
  fallbackBefore: /(?:\?\?|\?:|\|\|)\s*$/,
  member: /^(?!)/,
  condition: parenCondition(/^\s*\{?\s*(?:throw\b|die\b|exit\b|abort\s*\(\s*[45]\d\d|return\b[^;\n]*(?:\berror\b|Error\b|\b[45]\d\d\b))/),
  emptyCompare: /^\s*(?:===?)\s*(?:null\b|false\b|''|"")/i,
  empty: /^\s*(?:null\b|''|""|false\b|0(?![\w.])|\[\s*\])/i,
  quotes: '\'"',
};

/**
 * How a read at [start, end) is used. `end` is just after the read (the name, the closing bracket or
 * the call's closing parenthesis).
 */
export function useOf(text: string, start: number, end: number, syntax: UseSyntax, depth = 0, asFallback = false): Use {
  let i = end;
  let chained = false;
  for (let guard = 0; guard < 8; guard++) {
    const opt = syntax.optionalMember?.exec(text.slice(i, i + 80));
    if (opt) {
      chained = true;
      i = skipMember(text, i + opt[0].length - (/[([]$/.test(opt[0]) ? 1 : 0));
      continue;
    }
    const m = syntax.member.exec(text.slice(i, i + 80));
    if (!m || m[0].length === 0) break;
    i += m[0].length;
    i = skipCall(text, i);
  }
  const after = text.slice(i, i + 200);
  const before = text.slice(Math.max(0, start - 80), start);
  // `(process.env.X as string | undefined) ?? 'x'`: what follows the parentheses decides.
  if (depth < 3 && /^\s*\)/.test(after) && /(?:^|[^\w$\s]|\breturn|\bawait)\s*\(\s*$/.test(before)) {
    const open = start - (before.length - before.lastIndexOf('('));
    const close = matchingClose(text, open, syntax.quotes);
    if (close !== -1) {
      const outer = useOf(text, open, close + 1, syntax, depth + 1);
      if (outer.optional || outer.alternatives) return outer;
    }
  }
  if (!asFallback && syntax.fallbackBefore.test(before)) return { optional: true };
  // In a condition: a test, unless the program stops when the variable is missing.
  const condition = syntax.condition(text, start);
  if (condition) {
    const missing = /(?<![!=])!\s*$|\bnot\s+$|\bunless\s+$/.test(before) || syntax.emptyCompare.test(after);
    if (condition.stops && missing) return { stops: true };
    if (!syntax.compare.test(after)) return { optional: true, guard: true };
    return FLAG.test(after) ? { optional: true, flag: true } : { optional: true };
  }
  const fallback = syntax.fallback.exec(after);
  if (fallback) return fallbackUse(text, i + fallback[0].length, syntax, depth);
  if (syntax.emptyCompare.test(after) || syntax.presence?.test(after)) return { optional: true, guard: true };
  if (syntax.compare.test(after)) return FLAG.test(after) ? { optional: true, flag: true } : { optional: true };
  if (chained) return { optional: true };
  if (syntax.test.test(after) || syntax.testBefore.test(before)) return { optional: true, guard: true };
  const tested = assignedThenTested(text, start, end, before, syntax);
  if (tested) return tested;
  // The first argument of a call whose result has a fallback: `Number(process.env.X) || 3000`.
  const call = /([A-Za-z_$][\w$.]*)\s*\(\s*$/.exec(before);
  if (call && /^\s*[,)]/.test(after) && depth === 0) {
    const open = start - (before.length - before.lastIndexOf('('));
    const close = matchingClose(text, open, syntax.quotes);
    if (close !== -1) {
      const outer = useOf(text, start - (before.length - (call.index ?? 0)), close + 1, syntax, depth + 1);
      if (outer.optional) return outer;
    }
  }
  return {};
}

/** A condition (`if (…)`, `if …:`) around `at`, and whether its branch stops the program. */
export interface Condition {
  stops: boolean;
}

/** `if (…)` / `while (…)` in C-like syntax: the innermost unclosed parenthesis before `at`, after `if`. */
export function parenCondition(stopsAfter: RegExp): (text: string, at: number) => Condition | undefined {
  return (text, at) => {
    let depth = 0;
    for (let i = at - 1; i >= 0 && i > at - 300; i--) {
      const c = text[i];
      if (c === ')') depth++;
      else if (c === '(') {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (!/\b(?:if|while|elseif)\s*$/.test(text.slice(Math.max(0, i - 10), i))) return undefined;
        const close = matchingClose(text, i);
        return { stops: close !== -1 && stopsAfter.test(text.slice(close + 1, close + 120)) };
      } else if (c === ';' || c === '{' || c === '}') return undefined;
    }
    return undefined;
  };
}

/** `if …:` (Python), `if …` / `unless …` (Ruby), `if … {` (Go): the keyword starts the read's line. */
export function lineCondition(keyword: RegExp, stopsAfter: RegExp): (text: string, at: number) => Condition | undefined {
  return (text, at) => {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!keyword.test(text.slice(lineStart, at))) return undefined;
    const lineEnd = text.indexOf('\n', at);
    return { stops: stopsAfter.test(text.slice(lineEnd === -1 ? text.length : lineEnd, (lineEnd === -1 ? text.length : lineEnd) + 160)) };
  };
}

/**
 * `const key = process.env.KEY;` followed by `if (!key) …`: the code tests whether it is set. A test whose
 * branch stops the program (throw, raise, exit) keeps it required; any other makes it optional.
 */
function assignedThenTested(text: string, start: number, end: number, before: string, syntax: UseSyntax): Use | undefined {
  if (!syntax.assignedTo || !syntax.testOf) return undefined;
  const target = syntax.assignedTo.exec(before)?.[1];
  if (!target) return undefined;
  const statementEnd = text.indexOf('\n', end);
  if (statementEnd === -1) return undefined;
  const window = text.slice(statementEnd, statementEnd + 400);
  const test = new RegExp(syntax.testOf.replaceAll('$V', target.replace(/[$]/g, '\\$&'))).exec(window);
  if (!test) return undefined;
  const at = statementEnd + test.index + test[0].length;
  const condition = syntax.condition(text, at);
  const negated = /(?:!|\bnot\s+\(?|==\s*""|===?\s*(?:undefined|null|''|""))/.test(test[0]);
  return condition?.stops && negated ? { stops: true } : { optional: true };
}

/** What a fallback expression starting at `at` supplies. */
export function fallbackUse(text: string, at: number, syntax: UseSyntax, depth = 0): Use {
  const i = skipSpace(text, at);
  const read = syntax.readAt(text, i);
  if (read) {
    if (depth > 4) return { optional: true };
    const next = useOf(text, i, read.end, syntax, depth + 1, true);
    if (next.optional) return { optional: true, ...(next.valueDefault ? { valueDefault: true } : {}) };
    return { alternatives: [read.name, ...(next.alternatives ?? [])] };
  }
  if (syntax.empty.test(text.slice(i, i + 20))) return { optional: true };
  const lit = literalAt(text, i, { quotes: syntax.quotes, dollarBrace: '`' });
  if (lit && !lit.interpolated && isPlaceholder(lit.value)) return { optional: true };
  return { optional: true, valueDefault: true };
}

function skipMember(text: string, i: number): number {
  i = skipSpace(text, i);
  const ident = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 80));
  if (ident) i += ident[0].length;
  return skipCall(text, i);
}

function skipCall(text: string, i: number): number {
  const j = skipSpace(text, i);
  if (text[j] === '(' || text[j] === '[') {
    const close = matchingClose(text, j);
    if (close !== -1) return close + 1;
  }
  return i;
}

const RUBY_BLOCK = lineCondition(/^\s*(?:if|elsif|unless|while)\s/, /^\n\s*(?:raise\b|abort\b|exit\b|fail\b)/);

/** Ruby: `if ENV[…]` starting a line, or a statement that stops with an `unless`/`if` modifier. */
function rubyCondition(text: string, at: number): Condition | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const head = text.slice(lineStart, at);
  if (/\b(?:if|unless)\s+!?\s*$/.test(head) && !/^\s*(?:if|unless|elsif|while)\s/.test(head)) {
    return { stops: /^\s*(?:raise|abort|fail|exit)\b/.test(head) };
  }
  return RUBY_BLOCK(text, at);
}

/** The read's fields for a use. */
export function useFlags(use: Use): Pick<EnvRead, 'optional' | 'valueDefault' | 'alternatives' | 'guard' | 'flag'> {
  return {
    ...(use.optional ? { optional: true } : {}),
    ...(use.valueDefault ? { valueDefault: true } : {}),
    ...(use.alternatives ? { alternatives: use.alternatives } : {}),
    ...(use.guard ? { guard: true } : {}),
    ...(use.flag ? { flag: true } : {}),
  };
}

/** A comparison with the values of a switch: `=== 'true'`, `== "1"`, `!= "yes"`. */
const FLAG = /^\s*(?:===?|!==?|is)\s*(?:(['"`])(?:true|1|yes|y|on|enabled?|false|0|no|off|disabled?)\1|True\b|False\b)/i;

export type BlockStyle = 'paren' | 'go' | 'indent';

/**
 * Reads inside the branch of a condition that tests another variable (`if (process.env.S3_BUCKET) { …
 * process.env.S3_SECRET … }`) belong to a feature that is off when that variable is unset: optional.
 * A condition whose branch stops the program (`if (!X) throw …`) gates nothing.
 */
export function gateReads(text: string, reads: EnvRead[], style: BlockStyle): void {
  const spans: [number, number, string][] = [];
  for (const r of reads) {
    if (!r.guard && !r.flag) continue;
    const span = style === 'indent' ? indentBody(text, r.start) : (braceBody(text, r.start, style) ?? (style === 'paren' ? guardedOperand(text, r.end) : undefined));
    if (span) spans.push([span[0], span[1], r.name]);
  }
  if (spans.length === 0) return;
  for (const r of reads) if (spans.some(([from, to, name]) => r.start > from && r.start < to && r.name !== name)) r.optional = true;
}

/**
 * What a test guards in an expression: `process.env.GOOGLE_ID ? [Google({ … })] : []`,
 * `process.env.GOOGLE_ID && Google({ … })` — the bracketed operand or call right after `?` or `&&`.
 */
function guardedOperand(text: string, end: number): [number, number] | undefined {
  const op = /^\s*[\])]?\s*(?:\?(?![.?])|&&)\s*(?:\.\.\.)?\s*(?:new\s+)?(?:[A-Za-z_$][\w$.]*\s*(?:<[^<>()]*>)?\s*)?(?=[([{])/.exec(text.slice(end, end + 120));
  if (!op) return undefined;
  const open = end + op[0].length;
  const close = matchingClose(text, open);
  return close === -1 ? undefined : [open, close];
}

function braceBody(text: string, at: number, style: BlockStyle): [number, number] | undefined {
  let open: number;
  if (style === 'paren') {
    let depth = 0;
    let i = at - 1;
    for (; i >= 0 && i > at - 300; i--) {
      const c = text[i];
      if (c === ')') depth++;
      else if (c === '(') {
        if (depth === 0) break;
        depth--;
      } else if (c === ';' || c === '{' || c === '}') return undefined;
    }
    if (i < 0 || text[i] !== '(' || !/\bif\s*$/.test(text.slice(Math.max(0, i - 10), i))) return undefined;
    const close = matchingClose(text, i);
    if (close === -1) return undefined;
    open = skipSpace(text, close + 1);
  } else {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!/^\s*(?:\}\s*else\s+)?if\s/.test(text.slice(lineStart, at))) return undefined;
    const lineEnd = text.indexOf('\n', at);
    open = text.lastIndexOf('{', lineEnd === -1 ? text.length : lineEnd);
    if (open < at) return undefined;
  }
  if (text[open] !== '{') return undefined;
  const end = matchingClose(text, open);
  return end === -1 ? undefined : [open, end];
}

function indentBody(text: string, at: number): [number, number] | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const head = text.slice(lineStart, at);
  if (!/^\s*(?:if|elif|elsif|unless|when)\s/.test(head)) return undefined;
  const indent = head.length - head.trimStart().length;
  let end = text.indexOf('\n', at);
  if (end === -1) return undefined;
  const bodyStart = end;
  for (;;) {
    const next = text.indexOf('\n', end + 1);
    const line = text.slice(end + 1, next === -1 ? text.length : next);
    if (line.trim() !== '' && line.length - line.trimStart().length <= indent) break;
    if (next === -1) {
      end = text.length;
      break;
    }
    end = next;
  }
  return [bodyStart, end];
}
