import type { SourceFile } from '../../sources/source-file.js';
import type { ParsedEnv } from './dotenv-parse.js';
import type { DynamicRead, EnvRead } from './readers/index.js';

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A read with its file and place. */
/** Without the offsets into the text (the place is in lines and columns): reads can number millions. */
export interface LocatedRead extends Omit<EnvRead, 'start' | 'end'>, Span {
  path: string;
}

export interface LocatedDynamic extends DynamicRead, Span {
  path: string;
}

/** An env file that was read and parsed. */
export interface EnvFile {
  path: string;
  source: SourceFile;
  parsed: ParsedEnv;
}

/** The example files of one directory, which together document the variables of the code below it. */
export interface ExampleSet {
  dir: string;
  files: EnvFile[];
  /** Example files of this directory that could not be read (binary, too large). */
  unreadable: string[];
}

export function spanOf(file: SourceFile, start: number, end: number): Span {
  return file.span(start, end);
}

/** `path:line` for messages. */
export function where(item: { path: string; line: number }): string {
  return `${item.path}:${item.line}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b and c" */
export function listing(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function code(text: string): string {
  return `\`${text}\``;
}
