import type { ReadResult } from './types.js';

export interface CustomReader {
  /** As written in the policy, e.g. `env('$NAME')`. */
  pattern: string;
  re: RegExp;
  /** Index in the policy's `readers` list. */
  index: number;
}

const QUOTE = '[\'"`]';

/**
 * Compiles an accessor pattern from the policy. `$NAME` stands for the variable name; quotes match any
 * quote; white space is optional around punctuation. A quoted `$NAME` matches any name, an unquoted one
 * (`config.$NAME`) only UPPER_CASE names, so that methods are not taken for variables.
 */
export function compileReader(pattern: string, index: number): CustomReader | string {
  const at = pattern.indexOf('$NAME');
  if (at === -1) return 'must contain $NAME where the variable name goes';
  if (pattern.indexOf('$NAME', at + 1) !== -1) return 'must contain $NAME only once';
  const before = pattern.slice(0, at);
  const after = pattern.slice(at + 5);
  if (before.trim() === '') return 'needs literal text before $NAME (e.g. `env(\'$NAME\')`)';
  const quoted = /['"`]$/.test(before) && /^['"`]/.test(after);
  const name = quoted ? '([A-Za-z_][A-Za-z0-9_.-]*)' : '([A-Z_][A-Z0-9_]*)(?![\\w$])';
  const lead = /^[\w$]/.test(before) ? '(?<![\\w$])' : '';
  const source = `${lead}${tokens(before, 'before')}${name}${tokens(after, 'after')}`;
  return { pattern, re: new RegExp(source, 'g'), index };
}

/** Literal text with flexible white space; quotes match any quote. */
function tokens(text: string, side: 'before' | 'after'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      if (!out.endsWith('\\s*')) out += '\\s*';
      continue;
    }
    const isQuote = /['"`]/.test(c);
    // Optional white space between tokens, except right after the name (inside its quotes).
    const againstName = side === 'after' && i === 0;
    if (out !== '' && !out.endsWith('\\s*') && !againstName && (/\W/.test(c) || /\W/.test(text[i - 1] ?? ''))) out += '\\s*';
    out += isQuote ? QUOTE : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

export function readCustom(text: string, readers: readonly CustomReader[], result: ReadResult): void {
  for (const reader of readers) {
    const re = new RegExp(reader.re.source, 'gd');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [start, end] = m.indices?.[1] ?? [m.index, m.index];
      result.reads.push({ name: m[1] as string, start, end, via: `readers: ${reader.pattern}` });
    }
  }
}
