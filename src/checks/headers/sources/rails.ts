import type { Location } from '../../../core/finding.js';
import { UNKNOWN } from '../../../lang/js/evaluate.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { Collected, HeaderSetting } from '../types.js';

/** What a Rails app's configuration says about the headers it sends, gathered over its files. */
export interface RailsFacts {
  /** `major.minor` from `config.load_defaults` or Gemfile.lock. */
  version?: number;
  application?: Location;
  forceSsl: { on: boolean | undefined; at: Location }[];
  hsts?: { expires?: number; subdomains?: boolean; preload?: boolean; off?: boolean; at: Location };
  /** `default_headers` replaced (`= {…}`) or changed (`merge!`, `[]=`, `delete`). */
  headers: { replace?: boolean; set: [string, string | undefined][]; remove: string[]; at: Location }[];
  csp?: { text: string; at: Location };
  cspReportOnly?: boolean;
  nonce?: { directives: string[] | undefined };
  permissions?: { text: string; at: Location };
  /** `SecureHeaders::Configuration.default`: the secure_headers gem replaces what Rails sends. */
  secureHeaders?: Location;
}

export function emptyRails(): RailsFacts {
  return { forceSsl: [], headers: [] };
}

const SYMBOLS: Record<string, string> = {
  self: "'self'",
  none: "'none'",
  unsafe_inline: "'unsafe-inline'",
  unsafe_eval: "'unsafe-eval'",
  unsafe_hashes: "'unsafe-hashes'",
  strict_dynamic: "'strict-dynamic'",
  report_sample: "'report-sample'",
  wasm_unsafe_eval: "'wasm-unsafe-eval'",
  blob: 'blob:',
  data: 'data:',
  filesystem: 'filesystem:',
  http: 'http:',
  https: 'https:',
  mediastream: 'mediastream:',
  ws: 'ws:',
  wss: 'wss:',
};

/** The lines of a `… do |policy|` block that starts on the line at `start`, up to its `end`. */
function blockBody(text: string, start: number): { body: string; offset: number } {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0;
  const open = text.indexOf('\n', start) + 1;
  const re = /^([ \t]*)end\b/gm;
  re.lastIndex = open;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if ((m[1] as string).length <= indent) return { body: text.slice(open, m.index), offset: open };
  }
  return { body: text.slice(open), offset: open };
}

/** `policy.script_src :self, :https, "https://cdn.example"` lines as CSP (or Permissions-Policy) text. */
function dslText(body: string, permissions: boolean): string {
  const out: string[] = [];
  for (const m of body.matchAll(/^[ \t]*\w+\.(\w+)\b[ \t(]*([^\n]*)$/gm)) {
    const name = (m[1] as string).replace(/_/g, '-');
    const args = (m[2] as string).replace(/\)\s*$/, '').trim();
    const sources = args
      ? args.split(/\s*,\s*/).map((a) => {
          const symbol = /^:(\w+)$/.exec(a);
          if (symbol) return SYMBOLS[symbol[1] as string] ?? `'${(symbol[1] as string).replace(/_/g, '-')}'`;
          const str = /^["']([^"']*)["']$/.exec(a);
          if (str) return str[1] as string;
          if (a === 'true') return '';
          return UNKNOWN;
        })
      : [];
    out.push(permissions ? `${name}=(${sources.join(' ')})` : [name, ...sources].join(' ').trim());
  }
  return out.join(permissions ? ', ' : '; ');
}

function hashPairs(text: string): [string, string | undefined][] {
  return [...text.matchAll(/["']([A-Za-z0-9-]+)["']\s*=>\s*(?:["']([^"']*)["']|(nil)|[^,}\n]+)/g)].map((m) => [m[1] as string, m[3] ? '' : m[2]]);
}

/** Reads one Ruby file (or Gemfile.lock) of a Rails app into the facts. */
export function readRails(file: SourceFile, facts: RailsFacts): void {
  const path = file.path;
  if (/(?:^|\/)Gemfile\.lock$/.test(path)) {
    const m = /^ {4}(?:rails|railties|actionpack) \((\d+)\.(\d+)/m.exec(file.text);
    if (m) facts.version ??= Number(`${m[1]}.${m[2]}`);
    return;
  }
  if (/(?:^|\/)app\/controllers\//.test(path) || /(?:^|\/)config\/environments\/(?:development|test)\.rb$/.test(path)) return;
  const text = blankComments(path, file.text);
  const at = (index: number): Location => ({ path, ...file.position(index) });
  const defaults = /config\.load_defaults\s+["']?(\d+)\.(\d+)/.exec(text);
  if (defaults) facts.version = Number(`${defaults[1]}.${defaults[2]}`);
  if (/<\s*Rails::Application\b/.test(text)) facts.application ??= at(text.search(/<\s*Rails::Application\b/));
  for (const m of text.matchAll(/\bconfig\.force_ssl\s*=\s*([^\n]+)/g)) {
    const v = (m[1] as string).trim();
    facts.forceSsl.push({ on: v === 'true' ? true : v === 'false' ? false : undefined, at: at(m.index ?? 0) });
  }
  const ssl = /\bconfig\.ssl_options\s*=\s*\{([^\n]*(?:\n[^\n]*){0,4})/.exec(text);
  if (ssl) {
    const body = ssl[1] as string;
    const expires = /expires:\s*(\d[\d_]*)(?:\.(years?|months?|weeks?|days?))?/.exec(body);
    const unit: Record<string, number> = { year: 31556952, month: 2629746, week: 604800, day: 86400 };
    facts.hsts = {
      off: /hsts:\s*false/.test(body),
      expires: expires ? Number((expires[1] as string).replace(/_/g, '')) * (expires[2] ? (unit[(expires[2] as string).replace(/s$/, '')] as number) : 1) : undefined,
      subdomains: /subdomains:\s*false/.test(body) ? false : undefined,
      preload: /preload:\s*true/.test(body) || undefined,
      at: at(ssl.index),
    };
  }
  for (const m of text.matchAll(/\bdefault_headers\s*(=|\.merge!\(|\.update\(|\[\s*["']([A-Za-z0-9-]+)["']\s*\]\s*=|\.delete\(\s*["']([A-Za-z0-9-]+)["']|\.clear\b)\s*([^\n]*(?:\n[^\n]*){0,10})/g)) {
    const op = m[1] as string;
    if (m[3]) facts.headers.push({ set: [], remove: [m[3]], at: at(m.index ?? 0) });
    else if (op.startsWith('.clear')) facts.headers.push({ replace: true, set: [], remove: [], at: at(m.index ?? 0) });
    else if (m[2]) facts.headers.push({ set: [[m[2], /^["']([^"']*)["']/.exec((m[4] as string).trim())?.[1]]], remove: [], at: at(m.index ?? 0) });
    else {
      const hash = (m[4] as string).slice(0, Math.max(0, (m[4] as string).indexOf('}') + 1) || undefined);
      facts.headers.push({ replace: op === '=', set: hashPairs(hash), remove: [], at: at(m.index ?? 0) });
    }
  }
  for (const m of text.matchAll(/\bcontent_security_policy\s+do\s*\|\s*(\w+)\s*\|/g)) {
    const { body } = blockBody(text, m.index ?? 0);
    facts.csp = { text: dslText(body, false), at: at(m.index ?? 0) };
  }
  if (/\bcontent_security_policy_report_only\s*=\s*true\b/.test(text)) facts.cspReportOnly = true;
  const generator = /\bcontent_security_policy_nonce_generator\s*=\s*(\S+)/.exec(text);
  if (generator && generator[1] !== 'nil') {
    const list = /\bcontent_security_policy_nonce_directives\s*=\s*%w[[(]([^\])]*)[\])]/.exec(text);
    facts.nonce = { directives: list ? (list[1] as string).trim().split(/\s+/) : facts.nonce?.directives };
  }
  for (const m of text.matchAll(/\b(?:permissions_policy|feature_policy)\s+do\s*\|\s*\w+\s*\|/g)) {
    const text2 = dslText(blockBody(text, m.index ?? 0).body, true);
    if (text2) facts.permissions = { text: text2, at: at(m.index ?? 0) };
  }
  const secure = /SecureHeaders::Configuration\.default/.exec(text);
  if (secure) facts.secureHeaders = at(secure.index);
}

/**
 * The headers a Rails app sends: ActionDispatch's default_headers (X-Frame-Options SAMEORIGIN, nosniff,
 * Referrer-Policy strict-origin-when-cross-origin from Rails 6), HSTS from `force_ssl` (two years and
 * subdomains from Rails 7), the `content_security_policy` and `permissions_policy` initializers.
 */
export function railsHeaders(facts: RailsFacts, out: Collected): void {
  const version = facts.version ?? 7.1;
  const anchor = facts.application ?? facts.csp?.at ?? facts.forceSsl[0]?.at ?? { path: 'config/application.rb', line: 1 };
  out.readers.push('Rails configuration');
  out.anchors.push({ location: anchor, what: `the Rails configuration (${anchor.path})` });
  const push = (name: string, text: string | undefined, location: Location, origin: string, hint: string, extra: Partial<HeaderSetting> = {}) =>
    out.settings.push({ name, key: name.toLowerCase(), value: text === undefined ? undefined : { text, complete: !text.includes(UNKNOWN) }, location, origin, hint, ...extra });
  if (facts.secureHeaders) {
    out.unreadable.push({ location: facts.secureHeaders, what: 'the secure_headers configuration' });
    return;
  }
  const headers = new Map<string, [string | undefined, Location, string]>();
  const base: [string, string][] = [
    ['X-Frame-Options', 'SAMEORIGIN'],
    ['X-Content-Type-Options', 'nosniff'],
    ...(version >= 6 ? ([['Referrer-Policy', 'strict-origin-when-cross-origin']] as [string, string][]) : []),
  ];
  for (const [name, value] of base) headers.set(name.toLowerCase(), [value, anchor, 'Rails default_headers']);
  for (const change of facts.headers) {
    if (change.replace) headers.clear();
    for (const name of change.remove) headers.delete(name.toLowerCase());
    for (const [name, value] of change.set) headers.set(name.toLowerCase(), [value, change.at, `config.action_dispatch.default_headers (${change.at.path})`]);
  }
  for (const [key, [value, location, origin]] of headers) {
    const name = [...base.map(([n]) => n), ...facts.headers.flatMap((h) => h.set.map(([n]) => n))].find((n) => n.toLowerCase() === key) ?? key;
    if (value !== '') push(name, value, location, origin, `set \`config.action_dispatch.default_headers["${name}"]\``);
  }
  const ssl = facts.forceSsl.filter((f) => f.on !== false);
  if (ssl.length && !facts.hsts?.off) {
    const computed = ssl.every((f) => f.on === undefined);
    const expires = facts.hsts?.expires ?? (version >= 7 ? 63072000 : 15552000);
    const text = `max-age=${Math.round(expires)}${facts.hsts?.subdomains === false ? '' : '; includeSubDomains'}${facts.hsts?.preload ? '; preload' : ''}`;
    push('Strict-Transport-Security', computed ? undefined : text, facts.hsts?.at ?? (ssl[0] as { at: Location }).at, 'Rails force_ssl', 'set `config.ssl_options = { hsts: { expires: 1.year, subdomains: true } }`');
  }
  if (facts.csp) {
    let text = facts.csp.text;
    if (facts.nonce) {
      for (const directive of facts.nonce.directives ?? ['script-src', 'style-src']) {
        text = text.replace(new RegExp(`(^|; )(${directive})((?: [^;]*)?)(?=;|$)`), `$1$2$3 'nonce-${UNKNOWN}'`);
      }
    }
    push('Content-Security-Policy', text, facts.csp.at, `the content_security_policy initializer (${facts.csp.at.path})`, 'edit the `content_security_policy` block', facts.cspReportOnly ? { reportOnly: true } : {});
  }
  if (facts.permissions) push('Permissions-Policy', facts.permissions.text, facts.permissions.at, `the permissions_policy initializer (${facts.permissions.at.path})`, 'edit the `permissions_policy` block');
}

/**
 * `response.headers["X-Frame-Options"] = "DENY"`, `response.set_header(…)` in controllers and Rack
 * middleware: ApplicationController and middleware (`def call(env)`) answer every request; another
 * controller only its own actions.
 */
export function readRubySetters(file: SourceFile, tracked: ReadonlySet<string>, out: Collected): void {
  const text = blankComments(file.path, file.text);
  const controller = /(?:^|\/)app\/controllers\//.test(file.path) && !/(?:^|\/)application_controller\.rb$/.test(file.path);
  const middleware = /\bdef\s+call\s*\(\s*env\s*\)/.test(text);
  const routes = controller && !middleware ? "for that controller's actions" : undefined;
  const re = /\b(?:response\.)?headers\[\s*["']([A-Za-z0-9-]+)["']\s*\]\s*=(?!=)\s*(?:["']([^"'\n]*)["'])?|\.set_header\(\s*["']([A-Za-z0-9-]+)["']\s*,\s*(?:["']([^"'\n]*)["'])?/g;
  for (const m of text.matchAll(re)) {
    const name = (m[1] ?? m[3]) as string;
    if (!tracked.has(name.toLowerCase())) continue;
    const value = m[2] ?? m[4];
    const start = m.index ?? 0;
    out.settings.push({
      name,
      key: name.toLowerCase(),
      value: value === undefined || value.includes('#{') ? undefined : { text: value, complete: true },
      location: { path: file.path, ...file.span(start, start + m[0].length) },
      origin: file.path,
      ...(routes ? { routes } : {}),
    });
  }
}
