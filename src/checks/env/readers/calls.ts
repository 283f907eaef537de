import { literalAt, matchingClose, shorten, type LiteralOptions } from './literals.js';
import type { ReadResult } from './types.js';
import { fallbackUse, useFlags, useOf, type Use, type UseSyntax } from './use.js';

export interface CallPattern {
  /** Matches up to and including the opening `(` or `[` before the name. */
  re: RegExp;
  via: string;
  /** Report non-literal arguments as dynamic reads (default true). */
  dynamic?: boolean;
  /** Every read through this accessor may be unset (`option_env!`, `os.LookupEnv`). */
  optional?: boolean;
  /** A second argument is the value used when the variable is unset (`os.getenv('X', 'x')`, `env('X', 'x')`). */
  defaultArg?: boolean;
  /** Gives nothing when unset, where the language has a form that fails (Ruby's `ENV[]` beside `ENV.fetch`). */
  nullable?: boolean;
}

/** What follows a read that supplies a fallback: `?? x`, `|| x`, `or x`, `.unwrap_or(…)`, a Ruby block. */
const FALLBACK = /^\s*(?:\?\?|\|\||or\b|\{|do\b|\.\s*(?:unwrap_or|unwrap_or_else|unwrap_or_default|or|or_else|ok)\b|\?:)/;

/**
 * Reads of the form `accessor("NAME")` / `accessor["NAME"]`: a literal argument is a read, anything else
 * a dynamic read. Assignments through `accessor["NAME"] = …` are writes and skipped.
 */
/**
 * `inCode(at, length)`: whether the text there is code, not the inside of a string (help text that
 * quotes `ENV['X']` is not a read).
 */
export function readCalls(text: string, patterns: readonly CallPattern[], literal: LiteralOptions, result: ReadResult, syntax?: UseSyntax, inCode?: (at: number, length: number) => boolean): void {
  for (const pattern of patterns) {
    const re = new RegExp(pattern.re.source, pattern.re.flags.includes('g') ? pattern.re.flags : `${pattern.re.flags}g`);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (inCode && !inCode(m.index, m[0].length)) continue;
      const after = m.index + m[0].length;
      const opener = text[after - 1] as string;
      const lit = literalAt(text, after, literal);
      if (lit && !lit.interpolated && /^\s*[)\],]/.test(text.slice(lit.next, lit.next + 10))) {
        if (opener === '[' && /^\s*\]\s*=(?![=>~])/.test(text.slice(lit.next, lit.next + 20))) continue;
        const close = matchingClose(text, after - 1, literal.quotes);
        const comma = /^\s*,/.exec(text.slice(lit.next, lit.next + 10));
        let use: Use;
        if (pattern.optional) use = { optional: true };
        else if (syntax) use = comma && pattern.defaultArg !== false ? fallbackUse(text, lit.next + comma[0].length, syntax) : close === -1 ? {} : useOf(text, m.index, close + 1, syntax);
        else use = comma || (close !== -1 && FALLBACK.test(text.slice(close + 1, close + 40))) ? { optional: true } : {};
        const nullable = pattern.nullable === true && !use.optional && !use.stops;
        result.reads.push({ name: lit.value, start: lit.start, end: lit.end, via: pattern.via, ...useFlags(use), ...(nullable ? { nullable: true } : {}) });
        continue;
      }
      if (pattern.dynamic === false) continue;
      const close = matchingClose(text, after - 1, literal.quotes);
      const inner = text.slice(after, close === -1 ? after : close);
      if (inner.trim() === '') continue;
      if (opener === '[' && /^\s*=(?![=>~])/.test(text.slice(close + 1, close + 20))) continue;
      const expression = (inner.split(',')[0] ?? inner).trimEnd();
      result.dynamic.push({ start: after, end: after + expression.length, via: pattern.via, expression: shorten(expression), ...(lit?.prefix ? { prefix: lit.prefix } : {}) });
    }
  }
}
