import { printable } from './printable.js';

// Markdown from text a repository controls (messages quoting code, file names, rule titles from the
// policy): it may keep its `code spans`, but it never adds a block (heading, list, quote, fence, table
// row), HTML, a link or an image to the document it is put in.

/** Escapes outside code spans: `\` first (so that no backtick is escaped away), then what starts HTML or a link. */
function escapeText(text: string, table: boolean): string {
  let out = text.replace(/\\/g, '\\\\').replace(/</g, '&lt;').replace(/\[/g, '\\[').replace(/\r\n|\r|\n/g, '<br>');
  if (table) out = out.replace(/\|/g, '\\|');
  return printable(out);
}

/** Inside a code span nothing is syntax but a line break (which could start a block) and, in a table, `|`. */
function escapeCode(text: string, table: boolean): string {
  const out = printable(text);
  return table ? out.replace(/\|/g, '\\|') : out;
}

/**
 * Splits text at its code spans as CommonMark finds them: a run of N backticks opens a span that the next
 * run of exactly N backticks closes; a run with no partner is literal text. Linear: the runs of each
 * length are visited once.
 */
function segments(text: string): { code: boolean; text: string }[] {
  const runs: { at: number; length: number }[] = [];
  for (const m of text.matchAll(/`+/g)) runs.push({ at: m.index, length: m[0].length });
  if (runs.length < 2) return [{ code: false, text }];
  const byLength = new Map<number, number[]>();
  for (const [i, run] of runs.entries()) {
    const list = byLength.get(run.length);
    if (list) list.push(i);
    else byLength.set(run.length, [i]);
  }
  const cursor = new Map<number, number>();
  const out: { code: boolean; text: string }[] = [];
  let pos = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i] as { at: number; length: number };
    if (open.at < pos) continue;
    const list = byLength.get(open.length) as number[];
    let k = cursor.get(open.length) ?? 0;
    while (k < list.length && (list[k] as number) <= i) k++;
    cursor.set(open.length, k);
    if (k >= list.length) continue;
    const close = runs[list[k] as number] as { at: number; length: number };
    out.push({ code: false, text: text.slice(pos, open.at) });
    out.push({ code: true, text: text.slice(open.at, close.at + close.length) });
    pos = close.at + close.length;
    i = list[k] as number;
  }
  out.push({ code: false, text: text.slice(pos) });
  return out.filter((s) => s.text !== '');
}

/**
 * Text as inline Markdown on one line: code spans kept (their content only made printable), HTML, links
 * and images escaped, line breaks as `<br>`, and a start that cannot open a block (heading, quote, list,
 * task, thematic break, fence, table, indented code). `table` also escapes `|`, for a table cell.
 */
export function mdInline(text: string, options: { table?: boolean } = {}): string {
  const table = options.table ?? false;
  let rest = text.replace(/^\s+/, '');
  // A fence at the start is written as entities, which are never syntax.
  const fence = /^`{3,}/.exec(rest)?.[0] ?? '';
  rest = rest.slice(fence.length);
  const out = segments(rest).map((s) => (s.code ? escapeCode(s.text, table) : escapeText(s.text, table))).join('');
  if (fence) return '&#96;'.repeat(fence.length) + out;
  // A table cell holds inline content only: nothing at its start opens a block.
  if (table) return out;
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(out);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${out.slice(ordered[0].length)}`;
  return BLOCK_START.test(out) ? `\\${out}` : out;
}

/** Headings, quotes, bullets, fences of tildes, thematic breaks and setext underlines. */
const BLOCK_START = /^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|~{3,}|[-*_=](?:\s*[-*_=]){2,}\s*$)/;

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return mdInline(text, { table: true });
}

/** Text as one inline code span (a file name, a package): backticks become `'`, controls visible escapes. */
export function mdCode(text: string, options: { table?: boolean } = {}): string {
  return `\`${escapeCode(text.replace(/`/g, "'"), options.table ?? false)}\``;
}
