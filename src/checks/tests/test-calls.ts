import { jsxFor, lexJs, type Token } from '../../lang/js/lexer.js';

export interface Mark {
  start: number;
  end: number;
  /** What was written: `it.only`, `fdescribe`, `describe.skip`. */
  text: string;
}

export interface TestFileFacts {
  /** Tests that run (not skipped, not todo). */
  tests: number;
  /** Focus markers: the whole suite silently shrinks to these. */
  focused: Mark[];
  /** Set when every top-level block of the file is skipped. */
  wholeFileSkip?: Mark;
  /** JavaScript: tests that run and are neither focused nor inside a focused block. */
  unfocused?: number;
}

const BLOCKS = new Set(['describe', 'it', 'test', 'context', 'suite', 'specify']);
const FOCUSED = new Set(['fit', 'fdescribe', 'fcontext', 'ftest', 'fspecify']);
const SKIPPED = new Set(['xit', 'xdescribe', 'xtest', 'xcontext', 'xspecify']);
const TEST_HEADS = new Set(['it', 'test', 'specify', 'fit', 'ftest', 'fspecify']);
/** Modifiers a test or block call may carry; any other member (`test.beforeEach`, `test.use`) is not a test. */
const MODIFIERS = new Set(['only', 'skip', 'todo', 'fixme', 'each', 'concurrent', 'sequential', 'serial', 'parallel', 'fails', 'failing', 'skipIf', 'runIf', 'if', 'for', 'retry', 'cb', 'describe']);
const INACTIVE = new Set(['skip', 'todo', 'fixme']);

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/**
 * Reads the test calls of a JavaScript/TypeScript test file from its tokens, so that `.only` inside a string,
 * a comment or a regex is not mistaken for a focused test.
 */
export function jsTestFacts(path: string, text: string): TestFileFacts {
  const { tokens } = lexJs(text, { jsx: jsxFor(path) });
  const facts: TestFileFacts = { tests: 0, focused: [], unfocused: 0 };
  const topLevel: { skipped: boolean; mark: Mark }[] = [];
  let depth = 0;
  // Tokens before this index are inside a focused block (`describe.only(…)`).
  let focusedUntil = -1;
  // Tokens before this index are inside a skipped block (`describe.skip(…)`): their tests do not run.
  let skippedUntil = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth = Math.max(0, depth - 1);
      continue;
    }
    if (t.kind !== 'ident') continue;
    const prev = tokens[i - 1];
    if (isPunct(prev, '.') || isPunct(prev, '?.')) continue;
    if (prev?.kind === 'ident' && (prev.text === 'function' || prev.text === 'const' || prev.text === 'let' || prev.text === 'var' || prev.text === 'class')) continue;
    let head = t.text;
    let j = i + 1;
    const chain: Token[] = [];
    if ((head === 'Deno' || head === 'QUnit' || head === 'tap' || head === 't') && isPunct(tokens[j], '.')) {
      const member = tokens[j + 1];
      if (member?.kind !== 'ident' || (member.text !== 'test' && member.text !== 'only')) continue;
      head = 'test';
      if (member.text === 'only') chain.push(member);
      j += 2;
    } else if (!BLOCKS.has(head) && !FOCUSED.has(head) && !SKIPPED.has(head)) {
      continue;
    }
    while (isPunct(tokens[j], '.') && tokens[j + 1]?.kind === 'ident') {
      chain.push(tokens[j + 1] as Token);
      j += 2;
      // `it.skipIf(cond)(…)`, `it.each(table)(…)`: the modifier's own arguments.
      if (isPunct(tokens[j], '(') && ['skipIf', 'runIf', 'if', 'each', 'for'].includes((tokens[j - 1] as Token).text)) {
        j = skipParens(tokens, j);
      } else if (tokens[j]?.kind === 'template' && (tokens[j - 1] as Token).text === 'each') {
        j++;
      }
    }
    if (!chain.every((c) => MODIFIERS.has(c.text))) continue;
    if (!isPunct(tokens[j], '(') || isPunct(tokens[j + 1], ')')) continue;
    const names = chain.map((c) => c.text);
    const end = (chain[chain.length - 1] ?? t).end;
    const mark: Mark = { start: t.start, end, text: text.slice(t.start, end).replace(/\s+/g, '') };
    const focusToken = FOCUSED.has(head) ? t : chain.find((c) => c.text === 'only');
    if (focusToken) facts.focused.push({ start: focusToken.start, end: focusToken.end, text: mark.text });
    const todo = names.includes('todo');
    const inactive = SKIPPED.has(head) || names.some((n) => INACTIVE.has(n)) || i < skippedUntil;
    const isTest = TEST_HEADS.has(head) && !names.includes('describe');
    if (isTest && !inactive) {
      facts.tests++;
      if (!focusToken && i >= focusedUntil) facts.unfocused = (facts.unfocused ?? 0) + 1;
    }
    if (focusToken && !isTest) focusedUntil = Math.max(focusedUntil, skipParens(tokens, j));
    if (inactive && !todo) skippedUntil = Math.max(skippedUntil, skipParens(tokens, j));
    if (depth === 0 && !todo) topLevel.push({ skipped: inactive, mark });
  }
  if (topLevel.length > 0 && topLevel.every((b) => b.skipped)) facts.wholeFileSkip = (topLevel[0] as { mark: Mark }).mark;
  return facts;
}

function skipParens(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return tokens.length;
}

/** Python: tests by `def test_…`, whole-module skips by `pytestmark = pytest.mark.skip` or a module-level `pytest.skip`. */
export function pythonTestFacts(text: string, hasTest: RegExp): TestFileFacts {
  const facts: TestFileFacts = { tests: 0, focused: [] };
  const re = new RegExp(hasTest.source, 'gm');
  facts.tests = [...text.matchAll(re)].length;
  const skip = /^pytestmark[ \t]*=[^\n]*\bpytest\.mark\.skip\b|^pytest\.skip\([^\n]*allow_module_level[ \t]*=[ \t]*True/m.exec(text);
  if (skip) facts.wholeFileSkip = { start: skip.index, end: skip.index + skip[0].length, text: skip[0].startsWith('pytestmark') ? 'pytestmark = pytest.mark.skip' : 'pytest.skip(allow_module_level=True)' };
  return facts;
}

/** Ruby (RSpec): `fit`, `fdescribe`, `fcontext` and `focus: true` focus the run. */
export function rubyTestFacts(text: string, hasTest: RegExp): TestFileFacts {
  const facts: TestFileFacts = { tests: [...text.matchAll(new RegExp(hasTest.source, 'gm'))].length, focused: [] };
  for (const m of text.matchAll(/^[ \t]*(fit|fdescribe|fcontext|fspecify|fexample|fscenario)\b(?=[ \t]*[('"])|(?:,[ \t]*)(focus:[ \t]*true|:focus)\b/gm)) {
    const word = (m[1] ?? m[2]) as string;
    const start = (m.index ?? 0) + m[0].indexOf(word);
    facts.focused.push({ start, end: start + word.length, text: word });
  }
  return facts;
}

/** Other languages: count the test declarations only. */
export function countTests(text: string, hasTest: RegExp): number {
  return [...text.matchAll(new RegExp(hasTest.source, hasTest.flags.includes('m') ? 'gm' : 'g'))].length;
}
