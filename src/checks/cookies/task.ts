import type { FileTask } from '../../core/check.js';
import { jsxFor, lexJs } from '../../lang/js/lexer.js';
import { collectDeclarations } from '../../lang/js/values.js';
import type { SourceFile } from '../../sources/source-file.js';
import { isDefaultSessionName } from './session-names.js';
import { readJsCookies, type Found } from './sources/js.js';
import { readPythonCookieCalls, readPythonSettings, type PythonFacts } from './sources/python.js';

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
      if (!(file.path.endsWith('.py') ? PY_TRIGGERS : JS_TRIGGERS).test(file.text)) return undefined;
      const facts: CookieFacts = { found: { configs: [], unreadable: [] }, python: { settings: [], django: false, flask: false } };
      if (file.path.endsWith('.py')) {
        readPythonSettings(file, facts.python);
        readPythonCookieCalls(file, { isSession }, facts.found);
      } else {
        const { tokens } = lexJs(file.text, { jsx: jsxFor(file.path) });
        readJsCookies(file, tokens, collectDeclarations(tokens), { isSession }, facts.found);
      }
      return facts;
    };
  },
};

/** Adds one file's facts to the run's, in path order (the first framework anchor wins). */
export function mergeFacts(into: CookieFacts, facts: CookieFacts): void {
  into.found.configs.push(...facts.found.configs);
  into.found.unreadable.push(...facts.found.unreadable);
  into.python.settings.push(...facts.python.settings);
  into.python.django ||= facts.python.django;
  into.python.flask ||= facts.python.flask;
  into.python.anchor ??= facts.python.anchor;
}
