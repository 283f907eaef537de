import { append } from '../append.js';
import { readCalls } from './calls.js';
import { inCodeOf, maskComments, SYNTAX } from './mask.js';
import { accessorsOf, callsOnly, GO_CALL, literalCalls, PHP_CALL, RUBY_CALL } from './accessors.js';
import type { EnvRead, ReadResult } from './types.js';
import { gateReads, GO_USE, PHP_USE, RUBY_USE, type UseSyntax } from './use.js';

const empty = (): ReadResult => ({ reads: [], dynamic: [] });

/** Go: os.Getenv, os.LookupEnv, and `env:"NAME"` struct tags (caarlos0/env). */
export function readGo(source: string): ReadResult {
  if (!/Getenv|LookupEnv|env:"/.test(source)) return callsOnly(source, GO_CALL);
  const result = empty();
  const text = maskComments(source, SYNTAX.go);
  const syntax = callSyntax(GO_USE, /^(?:os|syscall)\s*\.\s*Getenv\s*\(\s*"([^"\n]+)"\s*\)/);
  readCalls(text, [{ re: /(?<![\w.])(?:os|syscall)\s*\.\s*Getenv\s*\(/, via: 'os.Getenv' }, { re: /(?<![\w.])(?:os|syscall)\s*\.\s*LookupEnv\s*\(/, via: 'os.LookupEnv', optional: true }], { quotes: '"`' }, result, syntax, inCodeOf(text, SYNTAX.go));
  gateReads(text, result.reads, 'go');
  const raw = /`[^`]*`/g;
  for (let m = raw.exec(text); m; m = raw.exec(text)) {
    const tag = /(?:^|[\s`])env:"([A-Za-z_][A-Za-z0-9_]*)([^"]*)"/.exec(m[0]);
    if (!tag) continue;
    const start = m.index + (tag.index as number) + tag[0].indexOf('"') + 1;
    // caarlos0/env: a field is optional (its zero value) unless tagged `required` or `notEmpty`.
    const required = /(?:^|,)(?:required|notEmpty)\b/.test(tag[2] as string) || /\brequired:"true"/.test(m[0]);
    result.reads.push({ name: tag[1] as string, start, end: start + (tag[1] as string).length, via: 'env struct tag', declared: true, ...(required ? {} : { optional: true }) });
  }
  const accessors = accessorsOf(text, result.dynamic);
  if (accessors.length) result.accessors = accessors;
  const calls = literalCalls(text, GO_CALL);
  if (calls.length) result.calls = calls;
  return result;
}

/** Ruby: ENV['X'], ENV.fetch('X'), ENV.key?('X'). */
export function readRuby(source: string): ReadResult {
  if (!/\bENV\b/.test(source)) return callsOnly(source, RUBY_CALL);
  return readRubyText(maskComments(source, SYNTAX.ruby), empty());
}

function readRubyText(text: string, result: ReadResult): ReadResult {
  const syntax = callSyntax(RUBY_USE, /^ENV\s*(?:\[\s*(['"])([^'"\n]+)\1\s*\]|\.\s*fetch\s*\(\s*(['"])([^'"\n]+)\3\s*\))/);
  readCalls(
    text,
    [
      { re: /(?<![\w.:])ENV\s*\[/, via: 'ENV[]', nullable: true },
      { re: /(?<![\w.:])ENV\s*\.\s*fetch\s*\(/, via: 'ENV.fetch' },
      { re: /(?<![\w.:])ENV\s*\.\s*(?:key\?|has_key\?|include\?)\s*\(/, via: 'ENV.key?', optional: true },
      { re: /(?<![\w.:])ENV\s*\.\s*dig\s*\(/, via: 'ENV.dig' },
    ],
    { quotes: '\'"' },
    result,
    syntax,
    inCodeOf(text, SYNTAX.ruby, '#{'),
  );
  gateReads(text, result.reads, 'indent');
  const accessors = accessorsOf(text, result.dynamic);
  if (accessors.length) result.accessors = accessors;
  const calls = literalCalls(text, RUBY_CALL);
  if (calls.length) result.calls = calls;
  return result;
}

/** ERB in Rails' YAML configuration (`config/database.yml`): `<%= ENV.fetch("DB_HOST") { "localhost" } %>`. */
export function readErbYaml(source: string): ReadResult {
  const result = empty();
  if (!source.includes('<%') || !/\bENV\b/.test(source)) return result;
  // Everything outside `<% … %>` is blanked, keeping offsets, so that only the Ruby is read.
  let ruby = '';
  let at = 0;
  // A tag in a YAML comment is commented-out configuration.
  const yaml = maskComments(source, SYNTAX.yaml);
  for (const m of yaml.matchAll(/<%[=-]?([\s\S]*?)-?%>/g)) {
    const codeStart = (m.index ?? 0) + m[0].indexOf(m[1] as string);
    ruby += source.slice(at, codeStart).replace(/[^\n]/g, ' ') + (m[1] as string);
    at = codeStart + (m[1] as string).length;
  }
  ruby += source.slice(at).replace(/[^\n]/g, ' ');
  return readRubyText(maskComments(ruby, SYNTAX.ruby), result);
}

/** Rust: std::env::var, env::var_os, env!, option_env!, dotenvy::var. */
export function readRust(source: string): ReadResult {
  const result = empty();
  if (!/env/.test(source)) return result;
  const text = maskComments(source, SYNTAX.rust);
  readCalls(
    text,
    [
      { re: /(?<![\w:])(?:std\s*::\s*)?env\s*::\s*var(?:_os)?\s*\(/, via: 'std::env::var' },
      { re: /(?<![\w:])(?:dotenvy?)\s*::\s*var\s*\(/, via: 'dotenvy::var' },
      { re: /(?<![\w:])env!\s*\(/, via: 'env!', dynamic: false },
      { re: /(?<![\w:])option_env!\s*\(/, via: 'option_env!', dynamic: false, optional: true },
    ],
    { quotes: '"' },
    result,
  );
  return result;
}

/** Java, Kotlin, Scala, Groovy: System.getenv, sys.env, Spring @Value("${X}"). */
export function readJvm(source: string): ReadResult {
  const result = empty();
  if (!/getenv|sys\.env|\$\{/.test(source)) return result;
  const text = maskComments(source, SYNTAX.java);
  readCalls(
    text,
    [
      { re: /(?<![\w.])System\s*\.\s*getenv\s*\((?!\s*\))/, via: 'System.getenv' },
      { re: /(?<![\w.])System\s*\.\s*getenv\s*\(\s*\)\s*\.\s*(?:get|getOrDefault|containsKey)\s*\(/, via: 'System.getenv()' },
      { re: /(?<![\w.])sys\s*\.\s*env\s*(?:\.\s*(?:get|getOrElse|contains)\s*)?\(/, via: 'sys.env' },
    ],
    { quotes: '"\'' },
    result,
  );
  const value = /@Value\s*\(\s*"([^"]*)"/g;
  for (let m = value.exec(text); m; m = value.exec(text)) {
    const inner = m[1] as string;
    const base = m.index + m[0].indexOf('"') + 1;
    append(result.reads, placeholders(inner, base, 'Spring @Value'));
  }
  return result;
}

/** PHP: getenv, $_ENV, Laravel env() and Env::get. */
export function readPhp(source: string, path = ''): ReadResult {
  if (!/env|_ENV/i.test(source)) return callsOnly(source, PHP_CALL);
  const result = empty();
  const text = maskComments(source, SYNTAX.php);
  const syntax = callSyntax(PHP_USE, /^(?:getenv|env)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/);
  readCalls(
    text,
    [
      { re: /(?<![\w$>:\\])getenv\s*\((?!\s*\))/, via: 'getenv', defaultArg: false },
      { re: /\$_ENV\s*\[/, via: '$_ENV' },
      { re: /(?<![\w$>:\\])env\s*\(/, via: 'env()', ...(isFrameworkConfig(path) ? { optional: true } : {}) },
      { re: /(?<![\w$>])Env\s*::\s*(?:get|getOrFail)\s*\(/, via: 'Env::get' },
    ],
    { quotes: '\'"' },
    result,
    syntax,
    inCodeOf(text, SYNTAX.php, '{$'),
  );
  gateReads(text, result.reads, 'paren');
  const accessors = accessorsOf(text, result.dynamic);
  if (accessors.length) result.accessors = accessors;
  const calls = literalCalls(text, PHP_CALL);
  if (calls.length) result.calls = calls;
  return result;
}

/**
 * Laravel's `config/*.php` declares every option of the framework with `env('X', default)`; an option
 * without a default is `null` until set. None of them is a demand of the application by itself.
 */
function isFrameworkConfig(path: string): boolean {
  return /(?:^|\/)config\/[^/]+\.php$/i.test(path);
}

/** A use syntax whose reads are the given call form (name in group 2 or 4, else 1). */
function callSyntax(base: Omit<UseSyntax, 'readAt'>, re: RegExp): UseSyntax {
  return {
    ...base,
    readAt(text, at) {
      const m = re.exec(text.slice(at, at + 200));
      return m ? { name: (m[2] ?? m[4] ?? m[1]) as string, end: at + m[0].length } : undefined;
    },
  };
}

/** Prisma schema: env("DATABASE_URL"). */
export function readPrisma(source: string): ReadResult {
  const result = empty();
  if (!/env\s*\(/.test(source)) return result;
  const text = maskComments(source, SYNTAX.prisma);
  readCalls(text, [{ re: /(?<![\w.])env\s*\(/, via: 'Prisma env()' }], { quotes: '"' }, result);
  return result;
}

/**
 * Compose files interpolate `${X}`, `${X:-default}`, `${X:?error}`, `$X` from the environment (`$$` is a
 * literal dollar).
 */
export function readCompose(source: string): ReadResult {
  const result = empty();
  if (!source.includes('$')) return result;
  const text = maskComments(source, SYNTAX.yaml);
  const re = /\$+(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])[^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dollars = /^\$+/.exec(m[0])?.[0].length ?? 1;
    if (dollars % 2 === 0) continue;
    const name = (m[1] ?? m[3]) as string;
    const start = m.index + m[0].indexOf(name, dollars);
    const optional = m[2] !== undefined && /[-+]/.test(m[2]);
    result.reads.push({ name, start, end: start + name.length, via: 'compose interpolation', ...(optional ? { optional: true } : {}) });
  }
  return result;
}

/** Spring application.properties / application.yml: `${NAME}` and `${NAME:default}` with upper-case names. */
export function readSpringConfig(source: string): ReadResult {
  const result = empty();
  if (!source.includes('${')) return result;
  const text = maskComments(source, SYNTAX.properties);
  append(result.reads, placeholders(text, 0, 'Spring placeholder'));
  return result;
}

function placeholders(text: string, base: number, via: string): EnvRead[] {
  const reads: EnvRead[] = [];
  const re = /\$\{([A-Z_][A-Z0-9_]*)(:[^}]*)?\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = base + m.index + 2;
    reads.push({ name: m[1] as string, start, end: start + (m[1] as string).length, via, ...(m[2] !== undefined ? { optional: true } : {}) });
  }
  return reads;
}
