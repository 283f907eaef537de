import { resolve, staticBoolean, staticNumber, staticText, UNKNOWN } from '../../../lang/js/evaluate.js';
import type { Token } from '../../../lang/js/lexer.js';
import { propOf, readExpression, type JsValue, type Scope } from '../../../lang/js/values.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected } from '../types.js';

export const NUXT_CONFIG = /(?:^|\/)nuxt\.config\.(?:js|mjs|ts|mts)$/;

/** nuxt-security's default headers (v1 and v2). */
const DEFAULT_CSP: [string, string[] | true][] = [
  ['base-uri', ["'none'"]],
  ['font-src', ["'self'", 'https:', 'data:']],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'self'"]],
  ['img-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['script-src-attr', ["'none'"]],
  ['style-src', ["'self'", 'https:', "'unsafe-inline'"]],
  ['script-src', ["'self'", 'https:', "'unsafe-inline'", "'strict-dynamic'", "'nonce-{{nonce}}'"]],
  ['upgrade-insecure-requests', true],
];
const DEFAULTS: Record<string, string> = {
  xFrameOptions: 'SAMEORIGIN',
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'no-referrer',
  permissionsPolicy: 'camera=(), display-capture=(), fullscreen=(), geolocation=(), microphone=()',
};
const HEADERS: Record<string, string> = {
  contentSecurityPolicy: 'Content-Security-Policy',
  strictTransportSecurity: 'Strict-Transport-Security',
  xFrameOptions: 'X-Frame-Options',
  xContentTypeOptions: 'X-Content-Type-Options',
  referrerPolicy: 'Referrer-Policy',
  permissionsPolicy: 'Permissions-Policy',
};

/** The object `defineNuxtConfig({…})` (or `export default {…}`) is given. */
function configObject(tokens: readonly Token[], scope: Scope): JsValue | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'ident' && t.text === 'defineNuxtConfig' && tokens[i + 1]?.text === '(') {
      const [call] = readExpression(tokens, i);
      if (call.kind === 'call') return resolve(call.args[0], scope);
    }
    if (t.kind === 'ident' && t.text === 'default' && tokens[i - 1]?.text === 'export') {
      const value = resolve(readExpression(tokens, i + 1)[0], scope);
      if (value?.kind !== 'call') return value;
    }
  }
  return undefined;
}

function listText(value: JsValue | undefined, scope: Scope): string {
  const v = resolve(value, scope);
  const items = v?.kind === 'array' ? v.items : v ? [v] : [];
  return items.map((item) => staticText(item, scope)?.text ?? UNKNOWN).join(' ');
}

/**
 * nuxt-security: when the config names it, every route gets its default headers, changed by
 * `security.headers` (or the module's inline options): a header set to `false` is not sent, CSP directives
 * replace the default ones they name; `security.enabled: false` or `headers: false` sends none. Options the
 * check cannot read make the headers computed (`headers/not-static`), not missing.
 */
export function readNuxtConfig(file: SourceFile, tokens: readonly Token[], scope: Scope, out: Collected): void {
  // The module may be listed in ways the check does not follow (a spread, a conditional): its name in the
  // file is enough to know it runs.
  if (!/['"`]nuxt-security['"`]/.test(file.text)) return;
  const config = configObject(tokens, scope);
  const origin = `nuxt-security (${file.path})`;
  out.readers.push('nuxt-security');
  if (config?.kind !== 'object') {
    out.unreadable.push({ location: { path: file.path, line: 1 }, what: `the nuxt-security options of ${file.path}` });
    return;
  }
  const modules = resolve(propOf(config, 'modules')?.value, scope);
  let options: JsValue | undefined;
  for (const item of modules?.kind === 'array' ? modules.items : []) {
    const entry = resolve(item, scope);
    if (entry?.kind === 'array' && staticText(entry.items[0], scope)?.text === 'nuxt-security') options = resolve(entry.items[1], scope);
  }
  const securityProp = propOf(config, 'security');
  options ??= resolve(securityProp?.value, scope);
  const at = { path: file.path, ...file.span(config.start, config.start + 1) };
  out.anchors.push({ location: at, what: origin });
  if (securityProp && options?.kind !== 'object') {
    out.unreadable.push({ location: at, what: `the nuxt-security options of ${file.path}` });
    return;
  }
  if (propOf(options, 'enabled') && staticBoolean(propOf(options, 'enabled')?.value, scope) === false) return;
  const headersProp = propOf(options, 'headers');
  const headers = resolve(headersProp?.value, scope);
  if (headersProp && staticBoolean(headersProp.value, scope) === false) return;
  if (headersProp && headers?.kind !== 'object') {
    out.unreadable.push({ location: at, what: `the nuxt-security headers of ${file.path}` });
    return;
  }
  for (const [option, header] of Object.entries(HEADERS)) {
    const prop = propOf(headers, option);
    let value = resolve(prop?.value, scope);
    // nuxt-security 0.x: `{ value: …, route: … }`.
    if (value?.kind === 'object' && propOf(value, 'value')) value = resolve(propOf(value, 'value')?.value, scope);
    if (prop && staticBoolean(prop.value, scope) === false) continue;
    const location = prop ? { path: file.path, ...file.span(prop.keyStart, prop.value.end) } : at;
    const push = (text: string | undefined) =>
      out.settings.push({ name: header, key: header.toLowerCase(), value: text === undefined ? undefined : { text, complete: !text.includes(UNKNOWN) }, location, origin: prop ? origin : 'nuxt-security defaults', hint: `set \`security.headers.${option}\``, file });
    if (option === 'contentSecurityPolicy') {
      const directives = new Map<string, string[] | true>(DEFAULT_CSP);
      if (value?.kind === 'object') {
        for (const p of value.props) {
          if (!p.key) continue;
          const v = resolve(p.value, scope);
          if (v?.kind === 'boolean') {
            if (v.value) directives.set(p.key, true);
            else directives.delete(p.key);
          } else directives.set(p.key, [listText(v, scope)]);
        }
      } else if (value) {
        push(staticText(value, scope)?.text);
        continue;
      }
      push([...directives].map(([k, v]) => (v === true ? k : `${k} ${v.join(' ')}`)).join('; '));
    } else if (option === 'strictTransportSecurity') {
      const maxAge = value?.kind === 'object' && propOf(value, 'maxAge') ? staticNumber(propOf(value, 'maxAge')?.value, scope) : 15552000;
      const sub = value?.kind === 'object' && propOf(value, 'includeSubdomains') ? staticBoolean(propOf(value, 'includeSubdomains')?.value, scope) : true;
      const preload = value?.kind === 'object' && propOf(value, 'preload') ? staticBoolean(propOf(value, 'preload')?.value, scope) : false;
      push(maxAge === undefined ? undefined : `max-age=${maxAge}${sub === undefined ? `; ${UNKNOWN}` : sub ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`);
    } else if (option === 'permissionsPolicy' && value?.kind === 'object') {
      push(value.props.map((p) => `${p.key ?? UNKNOWN}=(${listText(p.value, scope)})`).join(', '));
    } else {
      push(value ? staticText(value, scope)?.text : DEFAULTS[option]);
    }
  }
}
