/**
 * `${VAR}` references in env values, resolved as dotenv-expand (v12) resolves them with an empty process
 * environment: `${NAME}`, `$NAME`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`,
 * `\$` for a literal dollar; names resolve to the values of keys earlier in the file (a later key or an
 * unknown name is empty). Nothing is read from the scanning machine's environment.
 *
 * Unlike dotenv-expand, a substituted value is not expanded a second time, and `$&`-style sequences in
 * substituted values stay literal (dotenv-expand passes them to String.replace): shell semantics.
 */

export interface EnvReference {
  name: string;
  /** [start, end) of the reference in the value. */
  start: number;
  end: number;
  operator?: ':-' | '-' | ':+' | '+';
  operand?: string;
}

const REFERENCE = /\$\{([^{}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The references a value makes, in order (escaped `\$` excluded). */
export function findReferences(value: string): EnvReference[] {
  const refs: EnvReference[] = [];
  if (!value.includes('$')) return refs;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(value); m; m = REFERENCE.exec(value)) {
    if (m.index > 0 && value[m.index - 1] === '\\') {
      REFERENCE.lastIndex = m.index + 1;
      continue;
    }
    const braced = m[1];
    if (braced === undefined) {
      refs.push({ name: m[2] as string, start: m.index, end: m.index + m[0].length });
      continue;
    }
    const op = /:\+|\+|:-|-/.exec(braced);
    if (!op) refs.push({ name: braced, start: m.index, end: m.index + m[0].length });
    else {
      refs.push({
        name: braced.slice(0, op.index),
        start: m.index,
        end: m.index + m[0].length,
        operator: op[0] as EnvReference['operator'],
        operand: braced.slice(op.index + op[0].length),
      });
    }
  }
  return refs;
}

function expandOne(value: string, known: ReadonlyMap<string, string>): string {
  const refs = findReferences(value);
  let out = '';
  let at = 0;
  for (const ref of refs) {
    const current = known.get(ref.name) ?? '';
    let replacement: string;
    if (ref.operator === ':+' || ref.operator === '+') replacement = current ? (ref.operand ?? '') : '';
    else replacement = current || (ref.operand ?? '');
    out += value.slice(at, ref.start) + replacement;
    at = ref.end;
  }
  out += value.slice(at);
  return out.replace(/\\\$/g, '$');
}

/**
 * Expands every value in key order (the order dotenv's object gives: integer-like keys first, then the
 * order of first appearance), each seeing the already expanded values of the keys before it.
 */
export function expandAll(values: ReadonlyMap<string, string>): Map<string, string> {
  const order = objectKeyOrder([...values.keys()]);
  const done = new Map<string, string>();
  for (const key of order) done.set(key, expandOne(values.get(key) as string, done));
  return done;
}

/** The order in which a JavaScript object built by assignment lists these keys. */
function objectKeyOrder(keys: string[]): string[] {
  const index = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isArrayIndex(k))];
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}
