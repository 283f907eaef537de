import type { Accessor, CallSite, DynamicRead, ReadResult } from './types.js';

/**
 * A project's own accessor: a function whose body reads the environment by its parameter
 * (`const env = (key) => process.env[key]`, `def env_secret(name): return os.getenv(name)`). Its calls
 * with a literal name are reads of that name, found wherever the function is called.
 */
const DEFINITIONS = [
  // function name(a, b) / def name(a, b) / func name(a string) / func (r *T) name(a string)
  /(?:\bfunction\s*\*?\s*|\bdef\s+|\bfunc\s+(?:\([^()]*\)\s*)?)([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\(([^()]*)\)/g,
  // const name = (a, b) => / const name = a => / const name = function (a)
  /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\s*\*?\s*[\w$]*\s*)?(?:\(([^()]*)\)|([A-Za-z_$][\w$]*))\s*(?::\s*[^=]+?)?\s*(?:=>|\{)/g,
  // a method: name(a: string) { … }
  /^[ \t]*(?:(?:public|private|protected|static|async|override)\s+)*([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\(([^()]*)\)\s*(?::\s*[^{;]+)?\{/gm,
];

/** Method and function names too common to follow across a repository. */
const GENERIC = new Set(['get', 'set', 'has', 'call', 'apply', 'bind', 'fetch', 'require', 'import', 'load', 'read', 'constructor', 'if', 'for', 'while', 'switch', 'catch', 'function', 'return']);

/** Functions of this file whose parameter names a dynamic read. */
export function accessorsOf(text: string, dynamic: readonly DynamicRead[]): Accessor[] {
  const found = new Map<string, Accessor>();
  for (const d of dynamic) {
    const param = /^\$?[A-Za-z_][\w]*$/.test(d.expression) ? d.expression.replace(/^\$/, '') : undefined;
    if (!param) continue;
    const definition = enclosingDefinition(text, d.start, param);
    if (!definition) continue;
    d.accessor = definition.name;
    const defaulting = definition.params.length > 1 || /^\s*\]?\s*\)?\s*(?:\?\?|\|\||\bor\b|,)/.test(text.slice(d.end, d.end + 12));
    const known = found.get(definition.name);
    found.set(definition.name, { name: definition.name, ...((defaulting || known?.defaulting) ? { defaulting: true } : {}) });
  }
  return [...found.values()];
}

function enclosingDefinition(text: string, at: number, param: string): { name: string; params: string[] } | undefined {
  const from = Math.max(0, at - 3000);
  const window = text.slice(from, at);
  let best: { name: string; params: string[]; index: number } | undefined;
  for (const re of DEFINITIONS) {
    const g = new RegExp(re.source, re.flags);
    for (let m = g.exec(window); m; m = g.exec(window)) {
      const name = m[1] as string;
      const params = (m[2] ?? m[3] ?? '').split(',').map((p) => p.trim().replace(/^\$|^\.\.\.|^\*+/, '').split(/[\s:=?]/)[0] as string).filter(Boolean);
      if (!params.includes(param) || name === param) continue;
      if (!best || m.index > best.index) best = { name, params, index: m.index };
    }
  }
  if (!best) return undefined;
  return best.name.length < 3 || GENERIC.has(best.name) ? undefined : { name: best.name, params: best.params };
}

/** Calls with a literal UPPER_CASE first argument, any callee: candidates for accessors found elsewhere. */
export const JS_CALL = /(?<![\w$])([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\(\s*(['"`])([A-Z][A-Z0-9_]*)\2\s*([,)])/g;
export const PY_CALL = /(?<![\w.])(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)\s*\(\s*[rRuU]?(['"])([A-Z][A-Z0-9_]*)\2\s*([,)])/g;
export const GO_CALL = /(?<![\w.])(?:[A-Za-z_]\w*\.)?([A-Za-z_]\w*)\s*\(\s*(")([A-Z][A-Z0-9_]*)"\s*([,)])/g;
export const RUBY_CALL = /(?<![\w.:])([a-z_]\w*)\s*\(?\s*(['"])([A-Z][A-Z0-9_]*)\2\s*([,)\n])/g;
export const PHP_CALL = /(?<![\w$>:\\])([A-Za-z_]\w*)\s*\(\s*(['"])([A-Z][A-Z0-9_]*)\2\s*([,)])/g;

export function literalCalls(text: string, re: RegExp): CallSite[] {
  const calls: CallSite[] = [];
  const g = new RegExp(re.source, re.flags);
  for (let m = g.exec(text); m; m = g.exec(text)) {
    const name = m[3] as string;
    const start = m.index + m[0].lastIndexOf(name, m[0].length - (m[4] as string).length);
    calls.push({ callee: m[1] as string, name, start, end: start + name.length, ...(m[4] === ',' ? { more: true } : {}) });
  }
  return calls;
}

/** The result for a file that reads no variable itself: only its candidate accessor calls. */
export function callsOnly(text: string, re: RegExp): ReadResult {
  const calls = literalCalls(text, re);
  return calls.length ? { reads: [], dynamic: [], calls } : { reads: [], dynamic: [] };
}
