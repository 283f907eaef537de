import { literalAt, matchingClose, skipSpace } from './literals.js';

export interface ObjectEntry {
  key: string;
  /** [start, end) of the key as written (inside quotes for a quoted key). */
  keyStart: number;
  keyEnd: number;
  /** Where the value starts (after `:`); undefined for shorthand entries. */
  valueStart?: number;
  /** Where the entry ends (the next top-level comma or the closing brace). */
  end: number;
  /** A computed key (`[expr]: …`) or a spread (`...x`): the name is not known. */
  computed?: boolean;
}

const IDENT = /[A-Za-z_$][\w$]*/y;

/**
 * The top-level entries of an object literal (or destructuring pattern) whose `{` is at `open`. Values
 * are skipped, whatever they contain.
 */
export function objectEntries(text: string, open: number): ObjectEntry[] {
  const close = matchingClose(text, open);
  const end = close === -1 ? text.length : close;
  const entries: ObjectEntry[] = [];
  let i = open + 1;
  while (i < end) {
    i = skipSpace(text, i);
    if (i >= end) break;
    let entry: ObjectEntry | undefined;
    const c = text[i] as string;
    if (text.startsWith('...', i)) {
      entry = { key: '', keyStart: i, keyEnd: i + 3, computed: true, end };
      i += 3;
    } else if (c === '[') {
      const e = matchingClose(text, i);
      entry = { key: '', keyStart: i, keyEnd: e === -1 ? end : e + 1, computed: true, end };
      const lit = literalAt(text, i + 1, { quotes: '\'"`' });
      if (lit && !lit.interpolated && skipSpace(text, lit.next) === e) entry = { key: lit.value, keyStart: lit.start, keyEnd: lit.end, end };
      i = e === -1 ? end : e + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      const lit = literalAt(text, i, { quotes: '\'"`' });
      if (!lit) break;
      entry = { key: lit.value, keyStart: lit.start, keyEnd: lit.end, end };
      i = lit.next;
    } else {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      if (!m) {
        // Something we do not understand (a method, a getter): skip to the next top-level comma.
        i = nextComma(text, i, end) + 1;
        continue;
      }
      entry = { key: m[0], keyStart: i, keyEnd: i + m[0].length, end };
      i += m[0].length;
    }
    i = skipSpace(text, i);
    if (text[i] === ':') entry.valueStart = skipSpace(text, i + 1);
    const comma = nextComma(text, i, end);
    entry.end = comma;
    entries.push(entry);
    i = comma + 1;
  }
  return entries;
}

/** The next comma at nesting depth 0 (or `end`). */
function nextComma(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text[i] as string;
    if (c === ',') return i;
    if (c === '(' || c === '[' || c === '{') {
      const e = matchingClose(text, i);
      i = e === -1 ? end : e + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const lit = literalAt(text, i, { quotes: '\'"`', dollarBrace: '`' });
      i = lit ? lit.next : i + 1;
      continue;
    }
    i++;
  }
  return end;
}
