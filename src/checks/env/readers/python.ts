import { append } from '../append.js';
import { literalAt, matchingClose, shorten } from './literals.js';
import { maskComments, SYNTAX } from './mask.js';
import { accessorsOf, callsOnly, literalCalls, PY_CALL } from './accessors.js';
import type { DynamicRead, EnvRead, ReadResult } from './types.js';
import { fallbackUse, gateReads, PYTHON_USE, useFlags, useOf, type Use, type UseSyntax } from './use.js';

const LITERAL = { quotes: '\'"', pythonPrefixes: true } as const;

/**
 * os.environ[...], os.environ.get/setdefault, os.getenv, pydantic BaseSettings fields, django-environ
 * `env('X')` and python-decouple `config('X')`.
 */
export function readPython(source: string): ReadResult {
  // A file that reads nothing itself may still call an accessor defined elsewhere.
  if (!/environ|getenv|BaseSettings|decouple/.test(source)) return callsOnly(source, PY_CALL);
  const text = maskComments(source, SYNTAX.python);
  // A read written in a docstring or another string (documentation, generated code) is not a read.
  let code: string | undefined;
  const inCode = (at: number, length: number) => (code ??= maskComments(source, { ...SYNTAX.python, blankStrings: true })).startsWith(text.slice(at, at + length), at);
  const reads: EnvRead[] = [];
  const dynamic: DynamicRead[] = [];

  const importsFromOs = /^\s*from\s+os\s+import\s+([^\n]+)/m.exec(text)?.[1] ?? '';
  const environ = /\benviron\b/.test(importsFromOs) ? String.raw`(?:os\s*\.\s*)?environ` : String.raw`os\s*\.\s*environ`;
  const getenv = /\bgetenv\b/.test(importsFromOs) ? String.raw`(?:os\s*\.\s*)?getenv` : String.raw`os\s*\.\s*getenv`;
  const readAt = new RegExp(String.raw`^(?:${environ}\s*\[\s*[rRuU]?(['"])([^'"\n]+)\1\s*\]|(?:${environ}\s*\.\s*get|${getenv})\s*\(\s*[rRuU]?(['"])([^'"\n]+)\3)`);
  const syntax: UseSyntax = {
    ...PYTHON_USE,
    readAt(t, at) {
      const m = readAt.exec(t.slice(at, at + 200));
      if (!m) return undefined;
      const close = m[0].endsWith(']') ? at + m[0].length - 1 : matchingClose(t, at + m[0].indexOf('('), '\'"');
      return { name: (m[2] ?? m[4]) as string, end: close === -1 ? at + m[0].length : close + 1 };
    },
  };
  // `if "X" in os.environ:` guards the reads of X that follow.
  const guarded = new Set([...text.matchAll(new RegExp(String.raw`[rRuU]?(['"])([A-Za-z_][\w]*)\1\s+in\s+${environ}\b`, 'g'))].map((m) => m[2] as string));

  const call = (re: RegExp, via: string) => {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!inCode(m.index, m[0].length)) continue;
      const after = m.index + m[0].length;
      const lit = literalAt(text, after, LITERAL);
      if (lit && !lit.interpolated) {
        if (m[0].endsWith('[') && /^\s*\]\s*=(?!=)/.test(text.slice(lit.next, lit.next + 20))) continue;
        const close = matchingClose(text, after - 1, '\'"');
        const comma = /^\s*,\s*(?:default\s*=\s*)?/.exec(text.slice(lit.next, lit.next + 30));
        const use: Use = guarded.has(lit.value) ? { optional: true } : comma && !m[0].endsWith('[') ? fallbackUse(text, lit.next + comma[0].length, syntax) : close === -1 ? {} : useOf(text, m.index, close + 1, syntax);
        // `.get()` and `getenv()` return None where `os.environ[...]` raises: the code chose the form that may be unset.
        const nullable = !m[0].endsWith('[') && !use.optional && !use.stops;
        reads.push({ name: lit.value, start: lit.start, end: lit.end, via, ...useFlags(use), ...(nullable ? { nullable: true } : {}) });
      } else {
        const close = matchingClose(text, after - 1, '\'"');
        const inner = text.slice(after, close === -1 ? after : close);
        if (m[0].endsWith('[') && /^\s*=(?!=)/.test(text.slice(close + 1, close + 20))) continue;
        const expression = inner.split(',')[0] ?? inner;
        dynamic.push({ start: after, end: after + expression.length, via, expression: shorten(expression), ...(lit?.prefix ? { prefix: lit.prefix } : {}) });
      }
    }
  };
  call(new RegExp(String.raw`(?<![\w.])${environ}\s*\[`, 'g'), 'os.environ');
  call(new RegExp(String.raw`(?<![\w.])${environ}\s*\.\s*(?:get|setdefault)\s*\(`, 'g'), 'os.environ.get');
  call(new RegExp(String.raw`(?<![\w.])${getenv}\s*\(`, 'g'), 'os.getenv');

  // django-environ: env = environ.Env(...); env('X'), env.bool('X'), env.db()
  const envObjects = [...text.matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*environ\s*\.\s*Env\s*\(/gm)].map((m) => m[1] as string);
  for (const name of envObjects) {
    const re = new RegExp(String.raw`(?<![\w.])${name}\s*(?:\.\s*(\w+)\s*)?\(`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const after = m.index + m[0].length;
      const lit = literalAt(text, after, LITERAL);
      if (lit && !lit.interpolated) {
        const close = matchingClose(text, after - 1, '\'"');
        const optional = /\bdefault\s*=/.test(text.slice(lit.next, close === -1 ? lit.next : close));
        reads.push({ name: lit.value, start: lit.start, end: lit.end, via: 'django-environ', ...(optional ? { optional: true } : {}) });
      }
      else if (/^\s*\)/.test(text.slice(after, after + 10))) {
        const implied = DJANGO_ENVIRON_DEFAULTS[m[1] ?? ''];
        if (implied) reads.push({ name: implied, start: m.index, end: after - 1, via: `django-environ ${name}.${m[1]}()` });
      }
    }
  }

  // python-decouple: config('X', default=..., cast=bool)
  if (/^\s*(?:from\s+decouple\s+import\b[^\n]*\bconfig\b|import\s+decouple\b)/m.test(text)) {
    const re = /(?<![\w.])(?:decouple\s*\.\s*)?config\s*\(/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const lit = literalAt(text, m.index + m[0].length, LITERAL);
      if (!lit || lit.interpolated) continue;
      const close = matchingClose(text, m.index + m[0].length - 1, '\'"');
      const optional = /\bdefault\s*=/.test(text.slice(lit.next, close === -1 ? lit.next : close));
      reads.push({ name: lit.value, start: lit.start, end: lit.end, via: 'decouple config', ...(optional ? { optional: true } : {}) });
    }
  }

  gateReads(text, reads, 'indent');
  append(reads, readPydanticSettings(text));
  const result: ReadResult = { reads, dynamic };
  const accessors = accessorsOf(text, dynamic);
  if (accessors.length) result.accessors = accessors;
  const calls = literalCalls(text, PY_CALL);
  if (calls.length) result.calls = calls;
  return result;
}


const DJANGO_ENVIRON_DEFAULTS: Record<string, string> = {
  db: 'DATABASE_URL',
  db_url: 'DATABASE_URL',
  cache: 'CACHE_URL',
  cache_url: 'CACHE_URL',
  email: 'EMAIL_URL',
  email_url: 'EMAIL_URL',
  search_url: 'SEARCH_URL',
};

interface SettingsClass {
  prefix: string;
  caseSensitive: boolean;
}

/**
 * pydantic-settings: every field of a BaseSettings subclass is read from the variable of the same name
 * (case-insensitively unless `case_sensitive=True`), behind `env_prefix`, or from its alias.
 */
function readPydanticSettings(text: string): EnvRead[] {
  if (!/BaseSettings/.test(text)) return [];
  const reads: EnvRead[] = [];
  const classes = new Map<string, SettingsClass>();
  const header = /^([ \t]*)class\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*:/gm;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const bases = (m[3] as string).split(',').map((b) => b.trim().split('.').pop() as string);
    const parent = bases.map((b) => classes.get(b)).find(Boolean);
    if (!parent && !bases.includes('BaseSettings')) continue;
    const indent = (m[1] as string).length;
    const bodyStart = m.index + m[0].length;
    const body = classBody(text, bodyStart, indent);
    const prefix = /\benv_prefix\s*=\s*[rRuU]?(['"])([^'"]*)\1/.exec(body.text)?.[2] ?? parent?.prefix ?? '';
    const caseSensitive = /\bcase_sensitive\s*=\s*True\b/.test(body.text) || (parent?.caseSensitive ?? false);
    classes.set(m[2] as string, { prefix, caseSensitive });
    const field = new RegExp(String.raw`^[ \t]{${body.indent}}([A-Za-z]\w*)[ \t]*:(?!=)`, 'gm');
    for (let f = field.exec(body.text); f; f = field.exec(body.text)) {
      const name = f[1] as string;
      if (name === 'model_config') continue;
      const statement = fieldStatement(body.text, f.index + f[0].length);
      if (/^\s*ClassVar\b/.test(statement)) continue;
      const start = body.start + f.index + f[0].indexOf(name);
      // A default (`= x`, `Field(default=…)`) makes the field optional; `Field(...)` keeps it required.
      const optional = /^[^=]*=(?!=)/.test(statement) && !/=\s*Field\(\s*(?:\.\.\.|\))/.test(statement) && !/=\s*Field\((?![^)]*\bdefault)[^)]*\)\s*$/.test(statement.trim());
      const alias = /\b(?:validation_alias|alias|env)\s*=\s*(?:AliasChoices\s*\(\s*)?[rRuU]?(['"])([^'"]+)\1/.exec(statement);
      if (alias) {
        const aliasStart = body.start + f.index + f[0].length + alias.index + alias[0].length - (alias[2] as string).length - 1;
        reads.push({ name: alias[2] as string, start: aliasStart, end: aliasStart + (alias[2] as string).length, via: 'pydantic settings alias', declared: true, caseInsensitive: !caseSensitive, ...(optional ? { optional: true } : {}) });
      }
      else reads.push({ name: caseSensitive ? prefix + name : (prefix + name).toUpperCase(), start, end: start + name.length, via: 'pydantic settings field', declared: true, caseInsensitive: !caseSensitive, ...(optional ? { optional: true } : {}) });
    }
  }
  return reads;
}

function classBody(text: string, from: number, classIndent: number): { text: string; start: number; indent: number } {
  const lines = text.slice(from).split('\n');
  let length = (lines[0] as string).length + 1;
  let indent = -1;
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (trimmed !== '') {
      const own = line.length - line.trimStart().length;
      if (own <= classIndent) break;
      if (indent === -1) indent = own;
    }
    length += line.length + 1;
  }
  return { text: text.slice(from, from + length), start: from, indent: Math.max(indent, classIndent + 1) };
}

/** The rest of a field's statement, following brackets across lines. */
function fieldStatement(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '\n' && depth <= 0) return text.slice(from, i);
  }
  return text.slice(from);
}
