import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';

function setting(file: SourceFile, name: string, value: string, start: number, end: number, origin: string): HeaderSetting {
  return { name, key: name.toLowerCase(), value: { text: value, complete: true, spans: [{ start, end }] }, location: { path: file.path, ...file.span(start, end) }, origin, file };
}

/**
 * netlify.toml: `[[headers]]` tables and their `[headers.values]` (or inline `values = { … }`), with basic,
 * literal and multi-line strings. Only what Netlify reads for headers is parsed; the rest of the TOML is skipped.
 */
export function readNetlifyToml(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  const text = file.text;
  let inHeaders = false;
  let inValues = false;
  let pos = 0;
  while (pos < text.length) {
    const lineEnd = text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos);
    const line = text.slice(pos, lineEnd);
    const trimmed = line.trim();
    const table = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(trimmed);
    if (table) {
      const name = table[1] as string;
      if (trimmed.startsWith('[[')) {
        inHeaders = name === 'headers';
        inValues = false;
      } else {
        inValues = inHeaders && name === 'headers.values';
        if (!inValues && !name.startsWith('headers')) inHeaders = false;
      }
      pos = lineEnd + 1;
      continue;
    }
    if (inHeaders && /^values\s*=\s*\{/.test(trimmed)) {
      const open = pos + line.indexOf('{');
      const close = text.indexOf('}', open);
      readPairs(file, open + 1, close === -1 ? text.length : close, tracked, out);
      pos = (close === -1 ? text.length : close) + 1;
      continue;
    }
    if (inValues) {
      const next = readPair(file, pos, tracked, out);
      pos = next > pos ? next : lineEnd + 1;
      continue;
    }
    pos = lineEnd + 1;
  }
}

/** Pairs separated by commas (an inline table). */
function readPairs(file: SourceFile, start: number, end: number, tracked: ReadonlySet<string>, out: Collected): void {
  let pos = start;
  while (pos < end) {
    const next = readPair(file, pos, tracked, out, end);
    if (next <= pos) break;
    pos = next;
    while (pos < end && /[\s,]/.test(file.text[pos] as string)) pos++;
  }
}

/** One `Key = "value"` at `pos`; returns the offset after it (or after the line when it is not a pair). */
function readPair(file: SourceFile, pos: number, tracked: ReadonlySet<string>, out: Collected, limit = file.text.length): number {
  const text = file.text;
  const m = /^[ \t]*(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z0-9_-]+))[ \t]*=[ \t]*/.exec(text.slice(pos, Math.min(limit, pos + 512)));
  if (!m) {
    const nl = text.indexOf('\n', pos);
    return nl === -1 ? text.length : nl + 1;
  }
  const name = (m[1] ?? m[2] ?? m[3]) as string;
  const valueStart = pos + m[0].length;
  const parsed = readTomlString(text, valueStart);
  if (!parsed) {
    const nl = text.indexOf('\n', pos);
    return nl === -1 ? text.length : nl + 1;
  }
  if (tracked.has(name.toLowerCase())) {
    // Multi-line strings: Netlify joins the lines; a CSP written over lines reads as one value.
    out.settings.push(setting(file, name, parsed.value.replace(/\s*\n\s*/g, ' ').trim(), valueStart, parsed.end, file.path));
  }
  return parsed.end;
}

function readTomlString(text: string, at: number): { value: string; end: number } | undefined {
  for (const quote of ['"""', "'''"]) {
    if (text.startsWith(quote, at)) {
      const close = text.indexOf(quote, at + 3);
      const end = close === -1 ? text.length : close + 3;
      let value = text.slice(at + 3, close === -1 ? text.length : close);
      if (quote === '"""') value = value.replace(/\\\r?\n\s*/g, '').replace(/\\(["\\])/g, '$1');
      return { value: value.replace(/^\r?\n/, ''), end };
    }
  }
  const q = text[at];
  if (q !== '"' && q !== "'") return undefined;
  let i = at + 1;
  let value = '';
  while (i < text.length && text[i] !== q && text[i] !== '\n') {
    if (q === '"' && text[i] === '\\' && i + 1 < text.length) {
      const c = text[i + 1] as string;
      value += c === 'n' ? '\n' : c === 't' ? '\t' : c;
      i += 2;
      continue;
    }
    value += text[i];
    i++;
  }
  return { value, end: i + 1 };
}

/** Netlify and Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines. */
export function readHeadersFile(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  let pos = 0;
  const text = file.text;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end).replace(/\r$/, '');
    const m = /^([ \t]+)([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/.exec(line);
    if (m && tracked.has((m[2] as string).toLowerCase())) {
      const value = m[3] as string;
      const valueStart = pos + line.indexOf(value, line.indexOf(':') + 1);
      out.settings.push(setting(file, m[2] as string, value, valueStart, valueStart + value.length, file.path));
    }
    pos = end + 1;
  }
}

/** nginx `add_header Name value [always];` and Apache `Header [always] set|append Name "value"`. */
export function readServerConfig(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  const text = file.text;
  const patterns = [
    /^[ \t]*(?:add_header|more_set_headers)[ \t]+(?:"|')?([A-Za-z0-9-]+)(?:"|')?:?[ \t]+("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^;\s]+)/gm,
    /^[ \t]*Header[ \t]+(?:always[ \t]+)?(?:set|append|add|merge)[ \t]+([A-Za-z0-9-]+)[ \t]+("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\S+)/gim,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const name = m[1] as string;
      if (!tracked.has(name.toLowerCase())) continue;
      const raw = m[2] as string;
      const value = /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
      const start = (m.index ?? 0) + m[0].length - raw.length;
      out.settings.push(setting(file, name, value, start, start + raw.length, file.path));
    }
  }
}

/** `<meta http-equiv="Content-Security-Policy" content="…">` in HTML and JSX. */
export function readMetaCsp(file: SourceFile, out: Collected): void {
  const re = /<meta\b[^>]*?\bhttp-?equiv\s*=\s*["']Content-Security-Policy["'][^>]*?\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:`([^`]*)`|"([^"]*)"|'([^']*)')\s*\})/gi;
  for (const m of file.text.matchAll(re)) {
    const value = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '') as string;
    const start = (m.index ?? 0) + m[0].length - value.length - 1;
    const computed = m[3] !== undefined && value.includes('${');
    out.settings.push({
      name: 'Content-Security-Policy',
      key: 'content-security-policy',
      value: computed ? undefined : { text: value, complete: true },
      location: { path: file.path, ...file.span(Math.max(0, start), start + value.length) },
      origin: `a <meta> tag in ${file.path}`,
    });
  }
}
