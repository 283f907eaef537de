/**
 * Which cookies are session cookies, by name: `session`, `sid`, `connect.sid`, `next-auth.session-token`,
 * `access_token`, `jwt`, `remember_me`… but not `sidebar_state` or `theme`.
 */
export const DEFAULT_SESSION_NAMES = ['(?:^|[^a-z])(?:sid|jwt)(?:$|[^a-z])', 'sess', 'auth', 'token', 'login', 'remember', 'identity'];

/** CSRF cookies are read by the page's script (double-submit), so they need not be HttpOnly. */
export const CSRF_NAME = /csrf|xsrf/i;

const DEFAULTS = DEFAULT_SESSION_NAMES.map((p) => new RegExp(p, 'i'));

/** The built-in session names (the policy's own `session-names` are judged by policy-names.ts instead). */
export function isDefaultSessionName(name: string): boolean {
  return DEFAULTS.some((re) => re.test(name));
}

export type SameSite = 'strict' | 'lax' | 'none';

/** Whether a SameSite value is at least as strict as the policy's minimum. */
export function sameSiteMeets(value: string | undefined, minimum: SameSite): boolean {
  const order: SameSite[] = ['strict', 'lax', 'none'];
  const v = value?.toLowerCase();
  if (v === undefined || !order.includes(v as SameSite)) return minimum === 'none';
  return order.indexOf(v as SameSite) <= order.indexOf(minimum);
}
