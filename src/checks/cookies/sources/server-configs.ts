import type { Location } from '../../../core/finding.js';
import { blankComments } from '../../../lang/comments.js';
import type { SourceFile } from '../../../sources/source-file.js';
import type { CookieConfig, Flag } from '../model.js';

/** What a Rails app's configuration says about its session cookie, gathered over its files. */
export interface RailsCookieFacts {
  app?: Location;
  version?: number;
  /** `force_ssl` in production or application.rb: ActionDispatch::SSL then marks every cookie Secure. */
  forceSsl?: { on: boolean | undefined; at: Location };
  store?: { options: Map<string, { value: string; at: Location }>; at: Location; kind: string };
  sameSiteProtection?: { value: string; at: Location };
}

export const RAILS_CONFIG = /(?:^|\/)config\/(?:application|environments\/production|initializers\/[^/]+)\.rb$/;
/** Laravel's session configuration (BookStack keeps it under app/Config). */
export const LARAVEL_SESSION = /(?:^|\/)(?:config|app\/Config)\/session\.php$/;

const DURATION: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2629746, year: 31556952 };

export function readRailsCookies(file: SourceFile, facts: RailsCookieFacts): void {
  const text = blankComments(file.path, file.text);
  const at = (index: number): Location => ({ path: file.path, ...file.position(index) });
  const app = /<\s*Rails::Application\b/.exec(text);
  if (app) facts.app ??= at(app.index);
  const defaults = /config\.load_defaults\s+["']?(\d+)\.(\d+)/.exec(text);
  if (defaults) facts.version = Number(`${defaults[1]}.${defaults[2]}`);
  const ssl = /\bconfig\.force_ssl\s*=\s*([^\n]+)/.exec(text);
  if (ssl) {
    const v = (ssl[1] as string).trim();
    facts.forceSsl = { on: v === 'true' ? true : v === 'false' ? false : undefined, at: at(ssl.index) };
  }
  const protection = /\bcookies_same_site_protection\s*=\s*:?(\w+)/.exec(text);
  if (protection) facts.sameSiteProtection = { value: protection[1] as string, at: at(protection.index) };
  const store = /\bconfig\.session_store\s*\(?\s*:(\w+)\s*,?([^\n]*(?:\n[ \t]+[^\n]*)*)/.exec(text);
  if (store) {
    const options = new Map<string, { value: string; at: Location }>();
    const base = store.index + store[0].length - (store[2] as string).length;
    for (const m of (store[2] as string).matchAll(/(?<![\w:])(\w+):\s*([^,\n]+)/g)) options.set(m[1] as string, { value: (m[2] as string).trim().replace(/\)$/, ''), at: at(base + (m.index ?? 0)) });
    facts.store = { options, at: at(store.index), kind: store[1] as string };
  }
}

function rubyFlag(option: { value: string; at: Location } | undefined): Flag | undefined {
  if (!option) return undefined;
  return option.value === 'true' ? { state: 'on', at: option.at } : option.value === 'false' ? { state: 'off', at: option.at } : { state: 'dynamic', at: option.at };
}

/** The Rails session cookie: HttpOnly by default, Secure under force_ssl, SameSite=Lax from Rails 6.1. */
export function railsSessionConfig(facts: RailsCookieFacts): CookieConfig | undefined {
  if (!facts.app || facts.store?.kind === 'disabled') return undefined;
  const o = facts.store?.options;
  const at = facts.store?.at ?? facts.app;
  const ssl = facts.forceSsl;
  const secure: Flag =
    rubyFlag(o?.get('secure')) ??
    (ssl?.on === true ? { state: 'on', byDefault: true } : ssl && ssl.on === undefined ? { state: 'dynamic', at: ssl.at } : ssl ? { state: 'off', at: ssl.at } : { state: 'missing' });
  const sameSiteOption = o?.get('same_site');
  const protection = facts.sameSiteProtection;
  let sameSite: Flag;
  if (sameSiteOption) sameSite = /^:?(\w+)$/.test(sameSiteOption.value) ? { state: 'on', value: sameSiteOption.value.replace(/^:/, ''), at: sameSiteOption.at } : { state: 'dynamic', at: sameSiteOption.at };
  else if (protection) sameSite = { state: 'on', value: protection.value, at: protection.at };
  else sameSite = (facts.version ?? 7) >= 6.1 ? { state: 'on', value: 'lax', byDefault: true } : { state: 'missing' };
  const expire = o?.get('expire_after');
  const duration = expire ? /^(\d+)\.(second|minute|hour|day|week|month|year)s?$/.exec(expire.value) : undefined;
  return {
    source: 'Rails session_store',
    name: o?.get('key')?.value.replace(/^["']|["']$/g, '') ?? '_session',
    at,
    secure,
    httpOnly: rubyFlag(o?.get('httponly')) ?? { state: 'on', byDefault: true },
    sameSite,
    ...(duration && expire ? { maxAge: { seconds: Number(duration[1]) * (DURATION[duration[2] as string] as number), at: expire.at } } : {}),
    keys: { secure: 'config.force_ssl = true (or secure: true)', httpOnly: 'httponly: true', sameSite: 'same_site: :strict', maxAge: 'expire_after' },
  };
}

/** Laravel's `config/session.php`: `'secure'` off unless set, `'http_only'` on, `'same_site'` as written. */
export function readLaravelSession(file: SourceFile): CookieConfig | undefined {
  const text = blankComments(file.path, file.text);
  if (!/['"]driver['"]\s*=>/.test(text)) return undefined;
  const entry = (key: string): { value: string; at: Location } | undefined => {
    const m = new RegExp(`['"]${key}['"]\\s*=>\\s*([^,\\n]+(?:\\([^)]*\\))?)`).exec(text);
    return m ? { value: (m[1] as string).trim(), at: { path: file.path, ...file.position(m.index) } } : undefined;
  };
  const flag = (key: string, byDefault: boolean): Flag => {
    const e = entry(key);
    if (!e || e.value === 'null') return byDefault ? { state: 'on', byDefault: true } : { state: 'missing', ...(e ? { at: e.at } : {}) };
    return e.value === 'true' ? { state: 'on', at: e.at } : e.value === 'false' ? { state: 'off', at: e.at } : { state: 'dynamic', at: e.at };
  };
  const same = entry('same_site');
  const literal = same && /^['"](\w+)['"]$/.exec(same.value);
  const sameSite: Flag = !same || same.value === 'null' ? { state: 'missing', ...(same ? { at: same.at } : {}) } : literal ? { state: 'on', value: (literal[1] as string).toLowerCase(), at: same.at } : { state: 'dynamic', at: same.at };
  const lifetime = entry('lifetime');
  return {
    source: `Laravel ${file.path}`,
    name: 'laravel_session',
    at: { path: file.path, line: 1 },
    secure: flag('secure', false),
    httpOnly: flag('http_only', true),
    sameSite,
    ...(lifetime && /^\d+$/.test(lifetime.value) ? { maxAge: { seconds: Number(lifetime.value) * 60, at: lifetime.at } } : {}),
    keys: { secure: "'secure' => true", httpOnly: "'http_only' => true", sameSite: "'same_site' => 'strict'", maxAge: "'lifetime' (minutes)" },
  };
}
