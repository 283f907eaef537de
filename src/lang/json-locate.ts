import { lexJs } from './js/lexer.js';
import { propOf, readExpression, type JsValue } from './js/values.js';

/**
 * Where a key of a JSON document is written: the span of the deepest key of `path` that exists, and
 * whether the whole path was found. JSON is read with the JavaScript lexer, so comments and trailing
 * commas (tsconfig, VS Code settings) do not get in the way.
 */
export function locateJsonKey(text: string, path: readonly string[]): { start: number; end: number; found: boolean } | undefined {
  const { tokens } = lexJs(text, { jsx: false });
  if (!tokens.length) return undefined;
  let value: JsValue | undefined = readExpression(tokens, 0)[0];
  let span: { start: number; end: number } | undefined;
  for (const key of path) {
    const prop = propOf(value, key);
    if (!prop) return span ? { ...span, found: false } : undefined;
    span = { start: prop.keyStart, end: prop.keyEnd };
    value = prop.value;
  }
  return span ? { ...span, found: true } : undefined;
}
