import type { Location } from '../../../core/finding.js';
import { UNKNOWN } from '../../../lang/js/evaluate.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';
import { expressionEnd, parsePy, type PyValue } from './pyvalue.js';

/** A top-level or class-level `NAME = value` of a Python file (Django settings, Flask config). */
export interface PyAssignment {
  name: string;
  value: PyValue;
  /** `+=`, `.append(…)`, `.insert(…)`: adds to a list. */
  extends?: boolean;
  at: Location;
}

const ASSIGNMENT = /^[ \t]*([A-Z][A-Z0-9_]*)[ \t]*(?::[^=\n]+)?(\+?)=(?!=)[ \t]*/gm;
const LIST_CALL = /^[ \t]*([A-Z][A-Z0-9_]*)\.(append|insert)\(/gm;

/** Upper-case assignments of a Python file, with their values as far as they are literal. */
export function pyAssignments(file: SourceFile, text = blankComments(file.path, file.text)): PyAssignment[] {
  const out: PyAssignment[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = expressionEnd(text, start);
    out.push({ name: m[1] as string, value: parsePy(text.slice(start, end)), ...(m[2] ? { extends: true } : {}), at: { path: file.path, ...file.position(m.index ?? 0) } });
  }
  for (const m of text.matchAll(LIST_CALL)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const end = expressionEnd(text, open);
    let args = parsePy(`[${text.slice(open + 1, end).replace(/\)\s*$/, '')}]`);
    if (m[2] === 'insert' && args.kind === 'list') args = { kind: 'list', items: args.items.slice(1) };
    out.push({ name: m[1] as string, value: args, extends: true, at: { path: file.path, ...file.position(m.index ?? 0) } });
  }
  return out;
}

/** The string a value is, with computed parts as UNKNOWN; lists and tuples are joined by `joiner`. */
export function pyText(value: PyValue | undefined, joiner = ' '): { text: string; complete: boolean } | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'str':
      return { text: value.text, complete: !value.text.includes(UNKNOWN) };
    case 'num':
      return { text: String(value.value), complete: true };
    case 'list': {
      const parts = value.items.map((v) => pyText(v, joiner));
      return { text: parts.map((p) => p?.text ?? UNKNOWN).join(joiner), complete: parts.every((p) => p?.complete) };
    }
    default:
      return undefined;
  }
}

interface Def {
  name: string;
  params: string;
  decorators: string[];
  indent: number;
}

/** The `def`s and `class`es that enclose an offset, innermost first (by indentation). */
function enclosing(text: string, offset: number): Def[] {
  const lines = text.slice(0, offset).split('\n');
  const current = lines.pop() ?? '';
  let indent = /^[ \t]*/.exec(current)?.[0].length ?? 0;
  const out: Def[] = [];
  for (let k = lines.length - 1; k >= 0 && indent > 0; k--) {
    const line = lines[k] as string;
    if (!line.trim()) continue;
    const own = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    if (own >= indent) continue;
    indent = own;
    const m = /^[ \t]*(?:async[ \t]+)?(def|class)[ \t]+(\w+)[ \t]*(\([^)]*\)?)?/.exec(line);
    if (!m) continue;
    const decorators: string[] = [];
    for (let d = k - 1; d >= 0 && /^[ \t]*@/.test(lines[d] as string); d--) decorators.push((lines[d] as string).trim());
    out.push({ name: m[2] as string, params: m[3] ?? '', decorators, indent: own });
  }
  return out;
}

const GLOBAL_DECORATOR = /^@[\w.]*\b(?:after_request|after_app_request|middleware)\b/;
const ROUTE_DECORATOR = /^@[\w.]*\.(?:route|get|post|put|patch|delete|api_route|websocket)\(|^@(?:api_view|action|require_\w+)\b/;
const MIDDLEWARE_DEF = /^(?:dispatch|__call__|process_response|process_template_response)$/;

/**
 * The routes a header set at `offset` is limited to: undefined for middleware and after-request hooks (every
 * response) and for code the check cannot place; `a view` inside a route-decorated function or a Django view.
 */
export function pythonRoutes(path: string, text: string, offset: number): string | undefined {
  const defs = enclosing(text, offset);
  for (const def of defs) {
    if (def.decorators.some((d) => GLOBAL_DECORATOR.test(d)) || MIDDLEWARE_DEF.test(def.name) || /\b(?:call_next|get_response)\b/.test(def.params)) return undefined;
    const route = def.decorators.find((d) => ROUTE_DECORATOR.test(d));
    if (route) return `for the view ${def.name} (${route.slice(0, 60)})`;
  }
  if (/(?:^|\/)views(?:\.py$|\/)/.test(path) && defs.length) return `for the view ${defs[defs.length - 1]?.name}`;
  return undefined;
}

const SETTER = /\b(\w+)(?:\.headers)?\[\s*(?:[rbu]?["'])([A-Za-z0-9-]+)["']\s*\]\s*=(?!=)\s*|\.headers\.(?:setdefault|set|add|__setitem__)\(\s*["']([A-Za-z0-9-]+)["']\s*,\s*/g;

/**
 * Response headers set in Python code: `response.headers["X-Frame-Options"] = "DENY"` (Flask, Starlette,
 * Django 3.2+), `response["X-Frame-Options"] = "DENY"` (Django), `response.headers.setdefault(…)`.
 */
export function readPythonSetters(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  const text = blankComments(file.path, file.text);
  const constants = new Map(pyAssignments(file, text).map((a) => [a.name, a.value]));
  for (const m of text.matchAll(SETTER)) {
    const name = (m[2] ?? m[3]) as string;
    if (!tracked.has(name.toLowerCase())) continue;
    // `request.headers[...]` is read, not sent.
    if (m[1] === 'request' || m[1] === 'req') continue;
    const start = (m.index ?? 0) + m[0].length;
    const end = m[3] ? expressionEnd(text, start) : expressionEnd(text, start);
    const raw = text.slice(start, end).replace(/\)\s*$/, '');
    let value = parsePy(raw);
    if (value.kind === 'name') value = constants.get(value.name) ?? value;
    const known = pyText(value, ', ');
    out.settings.push(pySetting(file, name, known, start, start + raw.trimEnd().length, file.path, pythonRoutes(file.path, text, m.index ?? 0)));
  }
}

export function pySetting(file: SourceFile, name: string, value: { text: string; complete: boolean } | undefined, start: number, end: number, origin: string, routes?: string, hint?: string): HeaderSetting {
  return {
    name,
    key: name.toLowerCase(),
    value: value ? { text: value.text, complete: value.complete, spans: [{ start, end }] } : undefined,
    location: { path: file.path, ...file.span(start, end) },
    origin,
    file,
    ...(routes ? { routes } : {}),
    ...(hint ? { hint } : {}),
  };
}
