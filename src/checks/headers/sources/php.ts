import { UNKNOWN } from '../../../lang/js/evaluate.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected } from '../types.js';

/** A PHP string literal's text: single-quoted as written, double-quoted with `$variables` unknown. */
function phpString(raw: string): string | undefined {
  const m = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/s.exec(raw.trim());
  if (!m) return undefined;
  const body = m[2] as string;
  return m[1] === "'" ? body.replace(/\\(['\\])/g, '$1') : body.replace(/\{?\$[\w>-]+\}?/g, UNKNOWN).replace(/\\(.)/g, '$1');
}

const VALUE = String.raw`('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\$[\w>-]+(?:\([^)]*\))?)`;

/**
 * Response headers in PHP: Laravel/Symfony `$response->headers->set('X', …)`, `->header('X', …)`,
 * `->withHeaders(['X' => …])`, header arrays of responses, and plain PHP `header('X: …')`. A middleware
 * (a class with `handle($request, Closure $next)`) answers every request it is registered for; headers set
 * elsewhere (a controller, a response factory) are those responses' own. Configuration files are not
 * responses.
 */
export function readPhp(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  if (/(?:^|\/)config\//.test(file.path)) return;
  const text = blankComments(file.path, file.text);
  const middleware = /function\s+handle\s*\([^)]*\$next/.test(text) || /(?:^|\/)Middleware\//.test(file.path);
  const routes = middleware ? undefined : 'for its own responses';
  const push = (name: string, raw: string, start: number, end: number) => {
    if (!tracked.has(name.toLowerCase())) return;
    const value = phpString(raw);
    out.settings.push({
      name,
      key: name.toLowerCase(),
      value: value === undefined ? undefined : { text: value, complete: !value.includes(UNKNOWN) },
      location: { path: file.path, ...file.span(start, end) },
      origin: file.path,
      ...(routes ? { routes } : {}),
    });
  };
  const setter = new RegExp(String.raw`(?:->headers->set|->header|->setHeader)\(\s*['"]([A-Za-z0-9-]+)['"]\s*,\s*${VALUE}`, 'g');
  for (const m of text.matchAll(setter)) push(m[1] as string, m[2] as string, m.index ?? 0, (m.index ?? 0) + m[0].length);
  const pair = new RegExp(String.raw`['"]([A-Za-z0-9-]+)['"]\s*=>\s*${VALUE}`, 'g');
  for (const m of text.matchAll(pair)) push(m[1] as string, m[2] as string, m.index ?? 0, (m.index ?? 0) + m[0].length);
  for (const m of text.matchAll(/\bheader\(\s*(['"])([A-Za-z0-9-]+):\s*((?:\\.|(?!\1)[^\\])*)\1/g)) {
    push(m[2] as string, `${m[1]}${m[3]}${m[1]}`, m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
}
