import { readCustom, type CustomReader } from './custom.js';
import { readJavaScript } from './javascript.js';
import { readCompose, readErbYaml, readGo, readJvm, readPhp, readPrisma, readRuby, readRust, readSpringConfig } from './languages.js';
import { byOffset } from './literals.js';
import { readPython } from './python.js';
import type { ReadResult } from './types.js';

export type { CustomReader } from './custom.js';
export { compileReader } from './custom.js';
export type { DynamicRead, EnvRead, ReadResult } from './types.js';

const BY_EXTENSION: Record<string, (text: string, path: string) => ReadResult> = {
  js: readJavaScript, jsx: readJavaScript, ts: readJavaScript, tsx: readJavaScript, mjs: readJavaScript, cjs: readJavaScript,
  mts: readJavaScript, cts: readJavaScript, vue: readJavaScript, svelte: readJavaScript, astro: readJavaScript,
  py: readPython,
  go: readGo,
  rb: readRuby, rake: readRuby,
  rs: readRust,
  java: readJvm, kt: readJvm, kts: readJvm, scala: readJvm, groovy: readJvm,
  php: readPhp,
  prisma: readPrisma,
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function isComposeFile(path: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/i.test(baseName(path));
}

/** Rails' YAML configuration, which ERB fills from the environment. */
function isRailsConfig(path: string): boolean {
  return /(?:^|\/)config\/[^/]+\.ya?ml$/.test(path);
}

function isSpringConfig(path: string): boolean {
  return /^(?:application|bootstrap)(?:-[\w-]+)?\.(?:properties|ya?ml)$/.test(baseName(path));
}

/** The built-in reader for a file, by its name; undefined for files no reader understands. */
export function readerFor(path: string): ((text: string, path: string) => ReadResult) | undefined {
  if (isComposeFile(path)) return readCompose;
  if (isSpringConfig(path)) return readSpringConfig;
  if (isRailsConfig(path)) return readErbYaml;
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  if (/\.d\.[cm]?ts$/.test(name)) return undefined;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** Every variable a file reads, through the built-in readers and the policy's accessor patterns. */
export function readEnv(path: string, text: string, custom: readonly CustomReader[]): ReadResult {
  const builtin = readerFor(path);
  const result: ReadResult = builtin ? builtin(text, path) : { reads: [], dynamic: [] };
  if (custom.length) readCustom(text, custom, result);
  // A file that tests whether a variable is set before using it reads it optionally everywhere.
  const guarded = new Set(result.reads.filter((r) => r.guard).map((r) => r.name));
  const reads = byOffset(result.reads).map(({ guard, flag, ...r }) => (guard || guarded.has(r.name) ? { ...r, optional: true } : flag ? { ...r, optional: true } : r));
  return { ...result, reads, dynamic: byOffset(result.dynamic) };
}
