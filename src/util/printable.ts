// Text that a repository controls (file names, code quoted in messages, excerpts, commit messages) is shown
// in terminals, CI logs and rendered Markdown. These helpers keep it inert in each: no control character
// reaches a terminal, no line of it can pass for a workflow command.

/**
 * C0 and C1 controls (ESC, CSI, OSC, BEL, backspace, CR, LF, TAB, …), DEL, the Unicode line and paragraph
 * separators, the byte-order mark and the bidirectional controls that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with every control character written as a visible escape (`\n`, `\x1b`, `\u202e`): one line
 * that a terminal prints as it is. With `keepNewlines`, line feeds stay (for channels where a line break
 * cannot start anything, such as an API field).
 */
export function printable(text: string, options: { keepNewlines?: boolean } = {}): string {
  const re = options.keepNewlines ? UNSAFE_KEEP_NEWLINES : UNSAFE;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, escapeChar) : text;
}

/** A message on one line: every run of white space that holds a line break becomes one space. */
export function oneLine(text: string): string {
  return /[\n\r]/.test(text) ? text.replace(/\s+/g, (run) => (/[\n\r]/.test(run) ? ' ' : run)) : text;
}

/**
 * Output that a CI runner reads line by line (the console report, stderr, the action's log): the GitHub
 * runner takes a line that starts with `::` (after white space) as a workflow command, and `##[` anywhere
 * in a line as a legacy one (`##[error]`, `##[stop-commands]`). Both are written with an escape so that
 * text from a repository never issues one. Lines are expected to be printable already.
 */
export function inertLines(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text;
  // The runner trims any Unicode white space (as .NET does) before it looks for `::`.
  return text.replace(/^([^\S\r\n]*):(?=:)|##\[/gm, (match, lead: string | undefined) => (match === '##[' ? '#\\x23[' : `${lead ?? ''}\\x3a`));
}

/** Characters JSON may carry raw that terminals or the runner act on: rewritten as `\uXXXX` escapes, which decode to the same text. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|##\[/g;

/** JSON text with the same meaning, safe to print to a terminal or a CI log. */
export function inertJson(json: string): string {
  return json.replace(JSON_UNSAFE, (m) => (m === '##[' ? '#\\u0023[' : `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
