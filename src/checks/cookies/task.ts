import type { FileTask } from '../../core/check.js';
import { jsxFor, lexJs } from '../../lang/js/lexer.js';
import { collectDeclarations } from '../../lang/js/values.js';
import type { SourceFile } from '../../sources/source-file.js';
import { isDefaultSessionName } from './session-names.js';
import { readJsCookies, type Found } from './sources/js.js';
import { readPythonCookieCalls, readPythonSettings, type PythonFacts } from './sources/python.js';
import type { OptionsProvider } from './model.js';
import { readProviders } from './sources/providers.js';
import { LARAVEL_SESSION, RAILS_CONFIG, readLaravelSession, readRailsCookies, type RailsCookieFacts } from './sources/server-configs.js';

/**
 * What a file must mention to configure a cookie: JavaScript needs a cookie setter, express-session or
 * NextAuth (`cookie-session` contains "cookie"); Python settings also go by SESSION_ names, Flask and
 * Django's INSTALLED_APPS.
 */
const JS_TRIGGERS = /cookie|express-session|next-auth|@auth\//i;
const PY_TRIGGERS = /cookie|session|Flask\(|INSTALLED_APPS/i;

export interface CookieFacts {
  found: Found;
  python: PythonFacts;
  rails: RailsCookieFacts;
  providers: OptionsProvider[];
}

export function emptyFacts(): CookieFacts {
  return { found: { configs: [], unreadable: [] }, python: { settings: [], django: false, flask: false }, rails: {}, providers: [] };
}

/**
 * The cookie configurations one file writes (and, for Python, its session settings), in any thread. With
 * the policy's own `session-names`, every cookie of a generic setter is kept: the check judges its name in
 * the main thread, under the time budget (they are the policy's regular expressions).
 */
export const cookiesTask: FileTask<{ sessionNames?: string[] }, CookieFacts | undefined> = {
  prepare(config) {
    const isSession = config.sessionNames ? () => true : isDefaultSessionName;
    return (file: SourceFile) => {
      const facts = emptyFacts();
      if (RAILS_CONFIG.test(file.path)) {
        readRailsCookies(file, facts.rails);
        return facts;
      }
      if (LARAVEL_SESSION.test(file.path)) {
        const config = readLaravelSession(file);
        if (config) facts.found.configs.push(config);
        return facts;
      }
      if (!(file.path.endsWith('.py') ? PY_TRIGGERS : JS_TRIGGERS).test(file.text)) return undefined;
      if (file.path.endsWith('.py')) {
        readPythonSettings(file, facts.python);
        readPythonCookieCalls(file, { isSession }, facts.found);
      } else {
        const { tokens } = lexJs(file.text, { jsx: jsxFor(file.path) });
        const scope = collectDeclarations(tokens);
        readJsCookies(file, tokens, scope, { isSession }, facts.found);
        if (/\bexport\b/.test(file.text)) facts.providers.push(...readProviders(file, scope));
      }
      return facts;
    };
  },
};

/** Adds one file's facts to the run's, in path order (the first framework anchor wins). */
export function mergeFacts(into: CookieFacts, facts: CookieFacts): void {
  into.found.configs.push(...facts.found.configs);
  into.found.unreadable.push(...facts.found.unreadable);
  into.providers.push(...facts.providers);
  into.python.settings.push(...facts.python.settings);
  into.python.django ||= facts.python.django;
  into.python.flask ||= facts.python.flask;
  into.python.csrfMiddleware ||= facts.python.csrfMiddleware;
  into.python.anchor ??= facts.python.anchor;
  const r = facts.rails;
  into.rails.app ??= r.app;
  into.rails.version ??= r.version;
  into.rails.store ??= r.store;
  into.rails.sameSiteProtection ??= r.sameSiteProtection;
  // force_ssl in production.rb or application.rb: an explicit `true` anywhere wins.
  if (r.forceSsl && into.rails.forceSsl?.on !== true) into.rails.forceSsl = r.forceSsl;
}
