import { append } from '../append.js';
import { literalAt, matchingClose, shorten, skipSpace } from './literals.js';
import { maskComments, SYNTAX } from './mask.js';
import { objectEntries } from './objects.js';
import { accessorsOf, callsOnly, JS_CALL, literalCalls } from './accessors.js';
import type { DynamicRead, EnvRead, ReadResult } from './types.js';
import { fallbackUse, gateReads, JS_USE, useFlags, useOf, type Use, type UseSyntax } from './use.js';

/** Expressions that are the environment object. */
const ENV_OBJECTS: { re: RegExp; via: string; importMeta?: boolean }[] = [
  { re: /(?<![\w$])process\s*(?:\?\.|\.)\s*env(?![\w$])/g, via: 'process.env' },
  { re: /(?<![\w$])import\s*\.\s*meta\s*\.\s*env(?![\w$])/g, via: 'import.meta.env', importMeta: true },
  { re: /(?<![\w$.])Bun\s*\.\s*env(?![\w$])/g, via: 'Bun.env' },
];
const ENV_SOURCE = String.raw`(?:process\s*(?:\?\.|\.)\s*env|import\s*\.\s*meta\s*\.\s*env|Bun\s*\.\s*env)`;

const IDENT_AFTER = /^\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)/;
/** Members of the object that are not variables. */
const OBJECT_MEMBERS = new Set(['hasOwnProperty', 'toString', 'valueOf', 'constructor', 'propertyIsEnumerable', 'isPrototypeOf', 'toLocaleString']);

export function readJavaScript(source: string, path = ''): ReadResult {
  if (!/env|ConfigService/i.test(source)) return callsOnly(source, JS_CALL);
  const text = maskComments(source, SYNTAX.javascript);
  // `process.env.X` written inside a string or template text (code generators, docs) is not a read.
  let code: string | undefined; // computed on the first match only: most files read no variable
  const inCode = (at: number, length: number) => (code ??= maskComments(source, { ...SYNTAX.javascript, blankStrings: true })).startsWith(text.slice(at, at + length), at);
  const reads: EnvRead[] = [];
  const dynamic: DynamicRead[] = [];
  const aliases = aliasesOf(text);
  const objects = [...ENV_OBJECTS.map((o) => ({ ...o, re: new RegExp(o.re.source, 'g') })), ...aliases];
  const syntax = useSyntax(aliases.map((a) => a.name));
  const use = (start: number, end: number) => useOf(text, start, end, syntax);

  for (const obj of objects) {
    for (let m = obj.re.exec(text); m; m = obj.re.exec(text)) {
      const after = m.index + m[0].length;
      if (!inCode(m.index, m[0].length)) continue;
      if (/\bdelete\s*$/.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
      const rest = text.slice(after, after + 200);
      const ident = IDENT_AFTER.exec(rest);
      if (ident) {
        const nameStart = after + ident[0].length - (ident[1] as string).length;
        const nameEnd = after + ident[0].length;
        if (OBJECT_MEMBERS.has(ident[1] as string) || isCall(text, nameEnd) || isAssignment(text, nameEnd)) continue;
        reads.push({ name: ident[1] as string, start: nameStart, end: nameEnd, via: obj.via, ...flags(obj.importMeta, use(m.index, nameEnd)) });
        continue;
      }
      const bracket = /^\s*(?:\?\.\s*)?\[/.exec(rest);
      if (bracket) {
        const open = after + bracket[0].length - 1;
        const close = matchingClose(text, open);
        if (close === -1) continue;
        if (isAssignment(text, close + 1)) continue;
        const lit = literalAt(text, open + 1, { quotes: '\'"`', dollarBrace: '`' });
        if (lit && !lit.interpolated && skipSpace(text, lit.next) === close) {
          reads.push({ name: lit.value, start: lit.start, end: lit.end, via: obj.via, ...flags(obj.importMeta, use(m.index, close + 1)) });
        } else {
          const expression = text.slice(open + 1, close);
          dynamic.push({ start: open + 1, end: close, via: obj.via, expression: shorten(expression), ...prefixOf(expression) });
        }
      }
    }
  }

  // Destructuring: const { A, B: b, C = 'x' } = process.env
  const aliasNames = aliases.map((o) => o.name);
  const sources = [ENV_SOURCE, ...aliasNames.map(escapeRegExp)].join('|');
  const destructure = new RegExp(String.raw`\}\s*(?::\s*[\w$.<>\s,|]+?)?=\s*(?:${sources})(?![\w$.\[]|\s*\?\.|\s*\.|\s*\[)`, 'g');
  for (let m = destructure.exec(text); m; m = destructure.exec(text)) {
    const open = openingBrace(text, m.index);
    if (open === -1) continue;
    const via = /import/.test(m[0]) ? 'import.meta.env' : /Bun/.test(m[0]) ? 'Bun.env' : 'process.env';
    for (const entry of objectEntries(text, open)) {
      if (entry.computed) {
        if (!text.startsWith('...', entry.keyStart)) dynamic.push({ start: entry.keyStart, end: entry.keyEnd, via, expression: shorten(text.slice(entry.keyStart, entry.keyEnd)) });
        continue;
      }
      const fallback = /^\s*(?::\s*[\w$]+\s*)?=/.exec(text.slice(entry.keyEnd, entry.end));
      const defaulted = fallback ? fallbackUse(text, entry.keyEnd + fallback[0].length, syntax) : {};
      reads.push({ name: entry.key, start: entry.keyStart, end: entry.keyEnd, via: `destructuring ${via}`, ...flags(via === 'import.meta.env', defaulted) });
    }
  }

  // Deno.env.get('X')
  const deno = /(?<![\w$.])Deno\s*\.\s*env\s*\.\s*(?:get|has)\s*\(/g;
  for (let m = deno.exec(text); m; m = deno.exec(text)) {
    const after = m.index + m[0].length;
    const lit = literalAt(text, after, { quotes: '\'"`', dollarBrace: '`' });
    const close = matchingClose(text, after - 1);
    if (lit && !lit.interpolated) {
      reads.push({ name: lit.value, start: lit.start, end: lit.end, via: 'Deno.env.get', ...flags(false, close === -1 ? {} : use(m.index, close + 1)) });
    } else {
      const expression = text.slice(after, close === -1 ? after : close);
      dynamic.push({ start: after, end: close === -1 ? after : close, via: 'Deno.env.get', expression: shorten(expression), ...prefixOf(expression) });
    }
  }

  const schemas = readSchemas(text, syntax);
  append(reads, schemas.reads);
  // `runtimeEnv: { X: process.env.X }` of createEnv is wiring: the schema entry of X says whether it is needed.
  const wiring = reads.filter((r) => schemas.wiring.some((w) => r.start >= w.start && r.end <= w.end && w.names.has(r.name)));
  const kept = wiring.length ? reads.filter((r) => !wiring.includes(r)) : reads;
  gateReads(text, kept, 'paren');
  const result: ReadResult = { reads: kept, dynamic };
  const constants = buildConstants(text, path);
  if (constants.length) result.constants = constants;
  const accessors = accessorsOf(text, dynamic);
  if (accessors.length) result.accessors = accessors;
  const calls = literalCalls(text, JS_CALL);
  if (calls.length) result.calls = calls;
  return result;
}

const JS_READ = (aliases: readonly string[]) =>
  new RegExp(String.raw`^(?:${[ENV_SOURCE, ...aliases.map(escapeRegExp)].join('|')})\s*(?:(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|(?:\?\.\s*)?\[\s*(['"\`])([^'"\`\n]+)\2\s*\])`);

function useSyntax(aliases: readonly string[]): UseSyntax {
  const re = JS_READ(aliases);
  return {
    ...JS_USE,
    readAt(text, at) {
      const m = re.exec(text.slice(at, at + 200));
      return m ? { name: (m[1] ?? m[3]) as string, end: at + m[0].length } : undefined;
    },
  };
}

/** Keys of next.config's `env: {…}` and `'process.env.X'` / `'import.meta.env.X'` keys of a define map. */
function buildConstants(text: string, path: string): string[] {
  const names: string[] = [];
  const defined = /(['"])(?:process\.env|import\.meta\.env)\.([A-Za-z_$][\w$]*)\1\s*:/g;
  for (let m = defined.exec(text); m; m = defined.exec(text)) names.push(m[2] as string);
  if (/(?:^|\/)next\.config\.[cm]?[jt]s$/.test(path) || /\bnextConfig\b|from\s+['"]next['"]|require\(\s*['"]next|NextConfig/.test(text)) {
    const env = /(?:^|[{,\s])env\s*:\s*\{/g;
    for (let m = env.exec(text); m; m = env.exec(text)) {
      for (const entry of objectEntries(text, m.index + m[0].length - 1)) if (!entry.computed && entry.key) names.push(entry.key);
    }
  }
  return names;
}

/** `const env = process.env`, `const { env } = process`, `import { env } from 'node:process'`. */
function aliasesOf(text: string): { re: RegExp; via: string; name: string; importMeta?: boolean }[] {
  const names = new Set<string>();
  const direct = new RegExp(String.raw`(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w$.]+\s*)?=\s*${ENV_SOURCE}\s*(?:as\s+[\w$.]+\s*)?(?=[;,)\n]|$)`, 'g');
  for (let m = direct.exec(text); m; m = direct.exec(text)) names.add(m[1] as string);
  const fromProcess = /(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*(?:process|require\(\s*['"](?:node:)?process['"]\s*\))(?![\w$.])/g;
  for (let m = fromProcess.exec(text); m; m = fromProcess.exec(text)) {
    const env = /(?:^|,)\s*env\s*(?::\s*([A-Za-z_$][\w$]*))?\s*(?:,|$)/.exec(m[1] as string);
    if (env) names.add(env[1] ?? 'env');
  }
  const imported = /import\s*\{([^{}]*)\}\s*from\s*['"](?:node:)?process['"]/g;
  for (let m = imported.exec(text); m; m = imported.exec(text)) {
    const env = /(?:^|,)\s*env(?:\s+as\s+([A-Za-z_$][\w$]*))?\s*(?:,|$)/.exec(m[1] as string);
    if (env) names.add(env[1] ?? 'env');
  }
  return [...names].map((name) => ({ name, via: `${name} (= process.env)`, re: new RegExp(String.raw`(?<![\w$.])${escapeRegExp(name)}(?![\w$])`, 'g') }));
}

function flags(importMeta: boolean | undefined, use: Use): Pick<EnvRead, 'importMeta' | 'optional' | 'valueDefault' | 'alternatives' | 'guard' | 'flag'> {
  return { ...(importMeta ? { importMeta: true } : {}), ...useFlags(use) };
}

function isCall(text: string, at: number): boolean {
  return /^\s*(?:\?\.\s*)?\(/.test(text.slice(at, at + 20));
}

/** `= value` (not `==`, `=>`): a write, not a read. */
function isAssignment(text: string, at: number): boolean {
  return /^\s*=(?![=>])/.test(text.slice(at, at + 20));
}

function openingBrace(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function prefixOf(expression: string): { prefix?: string } {
  const trimmed = expression.trim();
  const lit = literalAt(trimmed, 0, { quotes: '\'"`', dollarBrace: '`' });
  if (!lit) return {};
  if (lit.interpolated) return lit.prefix ? { prefix: lit.prefix } : {};
  return /^\s*\+/.test(trimmed.slice(lit.next)) && lit.value ? { prefix: lit.value } : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Schema libraries that name the variables an application needs: @t3-oss/env-* `createEnv`, envalid
 * `cleanEnv`, envsafe, znv `parseEnv`, zod objects parsed from the environment, NestJS ConfigService,
 * env-var.
 */
function readSchemas(text: string, syntax: UseSyntax): { reads: EnvRead[]; wiring: { start: number; end: number; names: Set<string> }[] } {
  const reads: EnvRead[] = [];
  const wiring: { start: number; end: number; names: Set<string> }[] = [];
  // A schema entry with a default, or optional, does not have to be set.
  const keysOf = (open: number, via: string) => {
    const keys: string[] = [];
    for (const entry of objectEntries(text, open)) {
      if (entry.computed || !entry.key) continue;
      keys.push(entry.key);
      const value = entry.valueStart === undefined ? '' : text.slice(entry.valueStart, entry.end);
      reads.push({ name: entry.key, start: entry.keyStart, end: entry.keyEnd, via, declared: true, ...useFlags(schemaUse(text, entry.valueStart ?? entry.end, value, syntax)) });
    }
    return keys;
  };

  const createEnv = /(?<![\w$.])createEnv\s*\(\s*\{/g;
  for (let m = createEnv.exec(text); m; m = createEnv.exec(text)) {
    const schema = new Set<string>();
    const sections = objectEntries(text, m.index + m[0].length - 1);
    for (const section of sections) {
      if (!['server', 'client', 'shared'].includes(section.key) || section.valueStart === undefined || text[section.valueStart] !== '{') continue;
      for (const key of keysOf(section.valueStart, `createEnv ${section.key} schema`)) schema.add(key);
    }
    for (const section of sections) {
      if (!/^(?:experimental__)?runtimeEnv$/.test(section.key) || section.valueStart === undefined || text[section.valueStart] !== '{') continue;
      const close = matchingClose(text, section.valueStart);
      if (close !== -1) wiring.push({ start: section.valueStart, end: close, names: schema });
    }
  }

  const cleanEnv = /(?<![\w$])(?:cleanEnv|parseEnv)\s*\(/g;
  for (let m = cleanEnv.exec(text); m; m = cleanEnv.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open);
    if (close === -1) continue;
    // The schema is the object literal after the first argument.
    let depth = 0;
    for (let i = open + 1; i < close; i++) {
      const c = text[i];
      if (c === '(' || c === '[' || c === '{') {
        if (depth === 0 && c === '{' && /,\s*$/.test(text.slice(open + 1, i))) {
          keysOf(i, `${m[0].startsWith('cleanEnv') ? 'envalid cleanEnv' : 'znv parseEnv'} schema`);
          break;
        }
        depth++;
      } else if (c === ')' || c === ']' || c === '}') depth--;
    }
  }

  const envsafe = /(?<![\w$.])envsafe\s*\(\s*\{/g;
  for (let m = envsafe.exec(text); m; m = envsafe.exec(text)) keysOf(m.index + m[0].length - 1, 'envsafe schema');

  // zod: z.object({...}) parsed from the environment, inline or through a variable.
  const zodObject = /(?<![\w$])z\s*\.\s*(?:object|strictObject|looseObject)\s*\(\s*\{/g;
  for (let m = zodObject.exec(text); m; m = zodObject.exec(text)) {
    const open = m.index + m[0].length - 1;
    const callClose = matchingClose(text, m.index + m[0].lastIndexOf('('));
    if (callClose === -1) continue;
    const chain = text.slice(callClose + 1, callClose + 400);
    const inline = new RegExp(String.raw`^(?:\s*\.\s*\w+\s*\([^()]*\))*?\s*\.\s*(?:safeParse|parse|parseAsync|safeParseAsync)\s*\(\s*${ENV_SOURCE}`).test(chain);
    const assigned = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*$/.exec(text.slice(Math.max(0, m.index - 200), m.index));
    let fromEnv = inline;
    if (!fromEnv && assigned) {
      const name = escapeRegExp(assigned[1] as string);
      fromEnv = new RegExp(String.raw`(?<![\w$.])${name}\s*\.\s*(?:safeParse|parse|parseAsync|safeParseAsync)\s*\(\s*${ENV_SOURCE}`).test(text)
        || (/env/i.test(assigned[1] as string) && objectEntries(text, open).every((e) => e.computed || /^[A-Z][A-Z0-9_]*$/.test(e.key)));
    }
    if (fromEnv) keysOf(open, 'zod schema of the environment');
  }

  if (/\bConfigService\b/.test(text)) {
    const get = /\.\s*(get|getOrThrow)\s*(?:<[^<>()]*>)?\s*\(\s*(['"`])([A-Z][A-Z0-9_]*)\2/g;
    for (let m = get.exec(text); m; m = get.exec(text)) {
      const start = m.index + m[0].length - (m[3] as string).length - 1;
      const open = text.indexOf('(', m.index);
      const close = matchingClose(text, open);
      const second = /^\s*,/.test(text.slice(start + (m[3] as string).length + 1, start + (m[3] as string).length + 10));
      const use: Use = m[1] === 'getOrThrow' || close === -1 ? {} : second ? fallbackUse(text, text.indexOf(',', start) + 1, syntax) : useOf(text, m.index, close + 1, syntax);
      reads.push({ name: m[3] as string, start, end: start + (m[3] as string).length, via: 'ConfigService.get', ...flags(false, use) });
    }
  }

  if (/['"]env-var['"]/.test(text)) {
    const get = /\.\s*get\s*\(\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1/g;
    for (let m = get.exec(text); m; m = get.exec(text)) {
      const start = m.index + m[0].length - (m[2] as string).length - 1;
      reads.push({ name: m[2] as string, start, end: start + (m[2] as string).length, via: 'env-var get' });
    }
  }
  return { reads, wiring };
}

/** A schema entry's value: `.optional()`, `.nullish()`, `.default(x)`, `.prefault(x)`, `.catch(x)`, `{ default: x }`. */
function schemaUse(text: string, at: number, value: string, syntax: UseSyntax, depth = 0): Use {
  if (/\.\s*(?:optional|nullish)\s*\(/.test(value)) return { optional: true };
  const call = /\.\s*(?:default|prefault|catch)\s*\(/.exec(value) ?? /\bdefault\s*:/.exec(value);
  if (call) return fallbackUse(text, at + call.index + call[0].length, syntax);
  // A schema shared by several entries: `AUTH_METHOD: zAuthMethod`, declared once in the file.
  const shared = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(value)?.[1];
  if (shared && depth === 0) {
    const declaration = new RegExp(String.raw`(?:const|let|var)\s+${escapeRegExp(shared)}\s*(?::[^=]+)?=\s*`).exec(text);
    if (declaration) {
      const from = declaration.index + declaration[0].length;
      const end = text.slice(from, from + 600).search(/;|\n\s*\n|\n(?:export|const|let|var|function)\b/);
      return schemaUse(text, from, text.slice(from, end === -1 ? from + 600 : from + end), syntax, depth + 1);
    }
  }
  return {};
}
