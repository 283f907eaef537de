import { append } from '../append.js';
import { readCalls } from './calls.js';
import { maskComments, SYNTAX } from './mask.js';
import type { EnvRead, ReadResult } from './types.js';

const empty = (): ReadResult => ({ reads: [], dynamic: [] });

/** Go: os.Getenv, os.LookupEnv, and `env:"NAME"` struct tags (caarlos0/env). */
export function readGo(source: string): ReadResult {
  const result = empty();
  if (!/Getenv|LookupEnv|env:"/.test(source)) return result;
  const text = maskComments(source, SYNTAX.go);
  readCalls(text, [{ re: /(?<![\w.])(?:os|syscall)\s*\.\s*(?:Getenv|LookupEnv)\s*\(/, via: 'os.Getenv' }], { quotes: '"`' }, result);
  const raw = /`[^`]*`/g;
  for (let m = raw.exec(text); m; m = raw.exec(text)) {
    const tag = /(?:^|[\s`])env:"([A-Za-z_][A-Za-z0-9_]*)[",]/.exec(m[0]);
    if (!tag) continue;
    const start = m.index + (tag.index as number) + tag[0].indexOf('"') + 1;
    result.reads.push({ name: tag[1] as string, start, end: start + (tag[1] as string).length, via: 'env struct tag' });
  }
  return result;
}

/** Ruby: ENV['X'], ENV.fetch('X'), ENV.key?('X'). */
export function readRuby(source: string): ReadResult {
  const result = empty();
  if (!/\bENV\b/.test(source)) return result;
  const text = maskComments(source, SYNTAX.ruby);
  readCalls(
    text,
    [
      { re: /(?<![\w.:])ENV\s*\[/, via: 'ENV[]' },
      { re: /(?<![\w.:])ENV\s*\.\s*(?:fetch|key\?|has_key\?|include\?|dig)\s*\(/, via: 'ENV.fetch' },
    ],
    { quotes: '\'"' },
    result,
  );
  return result;
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
export function readPhp(source: string): ReadResult {
  const result = empty();
  if (!/env|_ENV/i.test(source)) return result;
  const text = maskComments(source, SYNTAX.php);
  readCalls(
    text,
    [
      { re: /(?<![\w$>:\\])getenv\s*\((?!\s*\))/, via: 'getenv' },
      { re: /\$_ENV\s*\[/, via: '$_ENV' },
      { re: /(?<![\w$>:\\])env\s*\(/, via: 'env()' },
      { re: /(?<![\w$>])Env\s*::\s*(?:get|getOrFail)\s*\(/, via: 'Env::get' },
    ],
    { quotes: '\'"' },
    result,
  );
  return result;
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
