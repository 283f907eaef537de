import { defineCheck, type CheckContext } from '../../core/check.js';
import type { PolicyPath } from '../../core/finding.js';
import { BudgetLedger } from '../../core/pattern-budget.js';
import { schemaParts } from '../../policy/schema.js';
import { isAppFile, JS_SOURCE } from '../../lang/app-files.js';
import type { CookieConfig } from './model.js';
import { DEFAULT_TIME_BUDGET_MS, PATTERN_HELP, SessionNames } from './policy-names.js';
import { sameSiteMeets, type SameSite } from './session-names.js';
import { cookiesTask, emptyFacts, mergeFacts, type CookieFacts } from './task.js';
import { LARAVEL_SESSION, RAILS_CONFIG, railsSessionConfig } from './sources/server-configs.js';
import { resolveProviders } from './sources/providers.js';
import { pythonSessionConfigs } from './sources/python.js';

interface CookiesSettings {
  'same-site'?: SameSite;
  'max-age'?: number;
  'session-names'?: string[];
  'time-budget'?: number;
}

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${seconds} seconds`;
}

export default defineCheck<CookiesSettings>({
  meta: {
    id: 'cookies',
    title: 'Session cookies',
    description: 'Session cookies are configured Secure, HttpOnly and SameSite (NextAuth, express-session, cookie-session, cookie setters, Django/Flask/Starlette), with a bounded lifetime when the policy asks.',
    covers: [
      'Keep NextAuth session cookies flagged `Secure`, `HttpOnly`, and `SameSite` to prevent CSRF/session fixation.',
      'Session cookies are Secure + HttpOnly + SameSite=Strict',
      'Session Security: Secure true, HttpOnly true, SameSite Strict, Max-Age 24 hours',
    ],
    rules: [
      { id: 'cookies/not-secure', title: 'Session cookie without Secure', description: 'A session cookie can be sent over plain HTTP (`secure` off or not set, `useSecureCookies: false`, `SESSION_COOKIE_SECURE = False`).', severity: 'error', securitySeverity: 6.5 },
      { id: 'cookies/not-http-only', title: 'Session cookie readable by scripts', description: 'A session cookie lacks HttpOnly, so an XSS can read it.', severity: 'error', securitySeverity: 6.5 },
      { id: 'cookies/same-site', title: 'Session cookie without an acceptable SameSite', description: 'A session cookie has no SameSite attribute, `SameSite=None`, or one looser than the policy\'s `same-site` (CSRF protection).', severity: 'error', securitySeverity: 5.5 },
      { id: 'cookies/max-age', title: 'Session cookie lives too long', description: "A session cookie's lifetime (written, or the library's default) exceeds the policy's `max-age`.", severity: 'warning', securitySeverity: 3.0 },
      { id: 'cookies/not-static', title: 'Cookie options cannot be read statically', description: 'Session cookie options are computed at run time; the check cannot verify their flags.', severity: 'notice' },
      {
        id: 'cookies/pattern-timeout',
        title: 'Session-names pattern over its time budget',
        description:
          "A pattern of the policy's `session-names` ran longer than `time-budget` on a cookie's name and was stopped, so that cookie is not checked as a session cookie (unless another pattern matches it). After 3 such names the pattern stops running, and one finding counts the names it skipped.",
        severity: 'error',
        securitySeverity: 5.0,
      },
    ],
    settings: {
      'same-site': { enum: ['strict', 'lax', 'none'], description: 'The loosest SameSite accepted for session cookies: `lax` (default: Lax or Strict), `strict`, or `none` (anything).' },
      'max-age': { type: 'integer', minimum: 1, description: 'The longest lifetime, in seconds, a session cookie may have (e.g. 86400 for 24 hours). Not checked by default.' },
      'session-names': {
        type: 'array',
        items: schemaParts.regex,
        description: 'Regular expressions (case-insensitive) for the names of session cookies set with generic setters (`res.cookie`, `cookies().set`). Default: names containing session, sid, auth, token, jwt, login, remember, identity.',
      },
      'time-budget': {
        type: 'integer',
        minimum: 10,
        maximum: 60000,
        description: `Milliseconds one \`session-names\` pattern may run on one cookie name before it is stopped and reported as \`cookies/pattern-timeout\`; after 3 names over budget the pattern stops running. Default: ${DEFAULT_TIME_BUDGET_MS}.`,
      },
    },
  },
  fileTask: cookiesTask,
  create(ctx, settings) {
    const minimum = settings['same-site'] ?? 'lax';
    const policyNames = settings['session-names'] !== undefined;
    const names = new SessionNames(settings['session-names'], new BudgetLedger(settings['time-budget'] ?? DEFAULT_TIME_BUDGET_MS, 'cookies/pattern-timeout'));
    const facts: CookieFacts = emptyFacts();
    const { found, python } = facts;
    return {
      // Findings sit where a cookie is configured: on pull requests, only the changed files are read.
      wants: (path) => (!ctx.changed || ctx.changed.has(path)) && isAppFile(path) && (JS_SOURCE.test(path) || path.endsWith('.py') || RAILS_CONFIG.test(path) || LARAVEL_SESSION.test(path)),
      task: {
        config: { sessionNames: settings['session-names'] },
        accept(_path, result) {
          if (!result) return;
          const found = result as CookieFacts;
          if (policyNames) {
            // Judged here, in path order: the same with one thread or several.
            found.found.configs = found.found.configs.filter((c) => !c.byName || names.isSession(c.name as string, { location: c.at, kind: 'cookie' }));
            found.found.unreadable = found.found.unreadable.filter((u) => u.name === undefined || names.isSession(u.name, { location: u.at, kind: 'cookie' }));
          }
          mergeFacts(facts, found);
        },
      },
      finish() {
        for (const finding of names.ledger.findings(SessionNames.label, PATTERN_HELP)) ctx.report(finding);
        if (names.ledger.overBudgetIds().length) {
          ctx.notEvaluated('a session-names pattern ran over its time budget, so some cookies are not checked as session cookies', ['cookies/not-secure', 'cookies/not-http-only', 'cookies/same-site', 'cookies/max-age']);
        }
        const rails = railsSessionConfig(facts.rails);
        const provided = resolveProviders(found.unreadable, facts.providers);
        for (const config of [...found.configs, ...provided.configs, ...pythonSessionConfigs(python), ...(rails ? [rails] : [])]) judge(ctx, config, minimum, settings['max-age']);
        for (const u of provided.left) {
          ctx.report({
            ruleId: 'cookies/not-static',
            message: `The cookie options of ${u.source} are computed at run time; the check cannot verify Secure, HttpOnly and SameSite.`,
            location: u.at,
            identity: `computed:${u.source}`,
          });
        }
      },
    };
  },
});

function judge(ctx: CheckContext, c: CookieConfig, minimum: SameSite, maxAge: number | undefined): void {
  const who = `The session cookie${c.name ? ` \`${c.name}\`` : ''} (${c.source})`;
  const policy = (key: string): PolicyPath => ['checks', 'cookies', key];
  if (c.secure.state === 'off' || c.secure.state === 'missing') {
    ctx.report({
      ruleId: 'cookies/not-secure',
      message: c.secure.state === 'off' ? `${who} is configured without Secure here: it can travel over plain HTTP.` : `${who} is not Secure: the option is not set, and it is off by default.`,
      location: c.secure.at ?? c.at,
      identity: `${c.source}:secure`,
      help: `Set \`${c.keys.secure}\`.`,
    });
  }
  if (!c.csrf && (c.httpOnly.state === 'off' || c.httpOnly.state === 'missing')) {
    ctx.report({
      ruleId: 'cookies/not-http-only',
      message: c.httpOnly.state === 'off' ? `${who} is readable by page scripts: HttpOnly is turned off here.` : `${who} is readable by page scripts: HttpOnly is not set, and it is off by default.`,
      location: c.httpOnly.at ?? c.at,
      identity: `${c.source}:httpOnly`,
      help: `Set \`${c.keys.httpOnly}\`.`,
    });
  }
  if (c.sameSite.state !== 'dynamic' && !(c.sameSite.state === 'on' && sameSiteMeets(c.sameSite.value, minimum))) {
    const wanted = minimum === 'strict' ? 'SameSite=Strict' : 'SameSite=Lax or Strict';
    const has = c.sameSite.state === 'missing' ? 'has no SameSite attribute' : `is SameSite=${c.sameSite.value}${c.sameSite.byDefault ? ' by default' : ''}`;
    ctx.report({
      ruleId: 'cookies/same-site',
      message: `${who} ${has}; the policy asks for ${wanted} (${ctx.describePolicyPath(policy('same-site'))}).`,
      location: c.sameSite.at ?? c.at,
      policyPath: policy('same-site'),
      identity: `${c.source}:sameSite`,
      help: `Set \`${c.keys.sameSite}\`.`,
    });
  }
  if (maxAge !== undefined && c.maxAge && c.maxAge.seconds > maxAge) {
    ctx.report({
      ruleId: 'cookies/max-age',
      message: `${who} lives ${duration(Math.round(c.maxAge.seconds))}${c.maxAge.byDefault ? ' (the default)' : ''}; the policy allows at most ${duration(maxAge)} (${ctx.describePolicyPath(policy('max-age'))}).`,
      location: c.maxAge.at,
      policyPath: policy('max-age'),
      identity: `${c.source}:maxAge`,
      help: `Set \`${c.keys.maxAge}\` to at most ${maxAge}${c.keys.maxAge.includes('milliseconds') ? '000' : ''}.`,
    });
  }
}
