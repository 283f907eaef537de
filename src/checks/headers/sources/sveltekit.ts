import { resolve, staticText, UNKNOWN } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { propOf, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected } from '../types.js';

export const SVELTE_CONFIG = /(?:^|\/)svelte\.config\.(?:js|mjs|cjs|ts)$/;

/** Keywords SvelteKit's `csp.directives` take without their quotes. */
const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic', 'unsafe-hashes', 'report-sample', 'wasm-unsafe-eval']);

function directivesText(value: JsValue | undefined, scope: Scope, nonce: boolean): string | undefined {
  const object = resolve(value, scope);
  if (object?.kind !== 'object') return undefined;
  const parts = object.props.map((p) => {
    const v = resolve(p.value, scope);
    if (v?.kind === 'boolean') return v.value ? (p.key ?? UNKNOWN) : '';
    const items = v?.kind === 'array' ? v.items : v ? [v] : [];
    const sources = items.map((item) => {
      const text = staticText(item, scope)?.text;
      return text === undefined ? UNKNOWN : KEYWORDS.has(text) ? `'${text}'` : text;
    });
    // SvelteKit adds a nonce or hash for its own scripts to script-src (else default-src).
    if (nonce && (p.key === 'script-src' || (p.key === 'default-src' && !propOf(object, 'script-src')))) sources.push(`'nonce-${UNKNOWN}'`);
    return [p.key ?? UNKNOWN, ...sources].join(' ');
  });
  return parts.filter(Boolean).join('; ');
}

/** SvelteKit's `kit.csp` in svelte.config: the CSP it sends with every page (`directives`, `reportOnly`). */
export function readSvelteConfig(file: SourceFile, _tokens: readonly Token[], scope: Scope, out: Collected): void {
  for (const value of scope.values()) {
    const config = resolve(value, scope);
    const kit = resolve(propOf(config, 'kit')?.value, scope);
    const cspProp = propOf(kit, 'csp');
    if (!cspProp) continue;
    const csp = resolve(cspProp.value, scope);
    const location = { path: file.path, ...file.span(cspProp.keyStart, cspProp.value.end) };
    const origin = `the SvelteKit csp of ${file.path}`;
    out.anchors.push({ location, what: origin });
    if (csp?.kind !== 'object') {
      out.unreadable.push({ location, what: origin, headers: new Set(['content-security-policy']) });
      return;
    }
    const mode = staticText(propOf(csp, 'mode')?.value, scope)?.text ?? 'auto';
    for (const [key, reportOnly] of [['directives', false], ['reportOnly', true]] as const) {
      const prop = propOf(csp, key);
      if (!prop) continue;
      const text = directivesText(prop.value, scope, mode !== 'off');
      out.settings.push({ name: 'Content-Security-Policy', key: 'content-security-policy', value: text === undefined ? undefined : { text, complete: !text.includes(UNKNOWN) }, location, origin, ...(reportOnly ? { reportOnly } : {}) });
    }
    return;
  }
}
