import type { FindingInput, PolicyPath } from '../../core/finding.js';
import type { Policy } from '../../policy/types.js';
import { BudgetLedger } from '../../core/pattern-budget.js';
import { DEFAULT_TIME_BUDGET_MS, PATTERN_HELP, SessionNames } from '../cookies/policy-names.js';
import { CSRF_NAME, sameSiteMeets, type SameSite } from '../cookies/session-names.js';
import { parseCsp, unsafeScriptSources } from './csp.js';
import { describeExpectation, meets } from './expect.js';
import type { Requirement } from './index.js';

export interface ProbeOptions {
  timeoutMs: number;
  /** For tests; the global fetch otherwise. */
  fetchImpl?: typeof fetch;
}

const MAX_REDIRECTS = 5;
const PROBE_PATH: PolicyPath = ['checks', 'headers', 'probe-url'];

export interface ProbeResponse {
  /** The URL that answered, after same-host redirects. */
  url: URL;
  status: number;
  headers: Headers;
}

/**
 * Fetches a URL once (following at most five redirects, and only within the same host name), without
 * reading the body. Throws an Error whose message says what went wrong.
 */
export async function fetchHeaders(target: string, options: ProbeOptions): Promise<ProbeResponse> {
  const doFetch = options.fetchImpl ?? fetch;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new Error(`"${target}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`only http and https URLs can be probed, not ${url.protocol}`);
  const host = url.hostname;
  const signal = AbortSignal.timeout(options.timeoutMs);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await doFetch(url, { method: 'GET', redirect: 'manual', signal, headers: { 'user-agent': 'security-gate-probe (+https://github.com/security-gate/security-gate)', accept: 'text/html,*/*' } });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new Error(`no answer within ${options.timeoutMs} ms`, { cause: error });
      throw new Error(e.cause?.code ?? e.cause?.message ?? e.message, { cause: error });
    }
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.hostname !== host) throw new Error(`it redirects to another host (${next.host}), which is not followed`);
      if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = next;
      continue;
    }
    return { url, status: response.status, headers: response.headers };
  }
}

interface CookieFlags {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
}

/** Name and flags of a Set-Cookie header; the value is never kept. */
export function parseSetCookie(header: string): CookieFlags {
  const [pair = '', ...attributes] = header.split(';');
  const name = pair.slice(0, pair.includes('=') ? pair.indexOf('=') : pair.length).trim();
  const flags: CookieFlags = { name, secure: false, httpOnly: false };
  for (const attribute of attributes) {
    const [key = '', value] = attribute.split('=').map((s) => s.trim());
    const k = key.toLowerCase();
    if (k === 'secure') flags.secure = true;
    else if (k === 'httponly') flags.httpOnly = true;
    else if (k === 'samesite') flags.sameSite = value;
  }
  return flags;
}

/** Findings about what a deployed URL really sends: required headers and session cookie flags. */
export async function probeFindings(target: string, requirements: readonly Requirement[], cookies: Policy['checks'][string], options: ProbeOptions): Promise<FindingInput[]> {
  let response: ProbeResponse;
  try {
    response = await fetchHeaders(target, options);
  } catch (error) {
    return [{ ruleId: 'headers/probe-failed', message: `The probe of ${target} failed: ${(error as Error).message}. Its headers are not verified.`, policyPath: PROBE_PATH, identity: 'probe-failed' }];
  }
  const shown = response.url.href;
  if (response.status === 401 || response.status === 403 || response.status >= 500) {
    const why = response.status >= 500 ? 'a server error' : 'an authentication wall (a protected preview deployment?)';
    return [{ ruleId: 'headers/probe-failed', message: `${shown} answered ${response.status}, ${why}, so the app's headers are not verified.`, policyPath: PROBE_PATH, identity: 'probe-failed' }];
  }
  const findings: FindingInput[] = [];
  // A loopback URL is a server started for the test run, which does not terminate TLS itself.
  const loopback = /^(?:localhost|127(?:\.\d+){3}|\[::1\])$/.test(response.url.hostname);
  if (response.url.protocol === 'http:' && !loopback) {
    findings.push({
      ruleId: 'headers/probe-weak-value',
      message: `${shown} is served over plain HTTP without a redirect to HTTPS.`,
      policyPath: PROBE_PATH,
      identity: 'probe-http',
      help: 'Redirect HTTP to HTTPS at the edge or in the app, and send Strict-Transport-Security over HTTPS.',
    });
  }
  for (const req of requirements) {
    const value = response.headers.get(req.name);
    if (value === null) {
      findings.push({
        ruleId: 'headers/probe-missing',
        message: `${shown} (status ${response.status}) answered without ${req.name}; the policy requires ${describeExpectation(req.expectation)}.`,
        policyPath: PROBE_PATH,
        identity: `probe-missing:${req.key}`,
      });
      continue;
    }
    const verdict = meets(req.name, req.expectation, value);
    if (verdict.ok === false) {
      findings.push({
        ruleId: 'headers/probe-weak-value',
        message: `${shown} sends ${req.name} that ${verdict.why}; the policy requires ${describeExpectation(req.expectation)}.`,
        policyPath: PROBE_PATH,
        identity: `probe-weak:${req.key}:${value}`,
      });
    }
  }
  const csp = response.headers.get('content-security-policy');
  if (csp) {
    const unsafe = unsafeScriptSources(parseCsp(csp));
    if (unsafe.length) {
      const what = unsafe.map((u) => `${u.source} in ${u.directive}`).join(', ');
      findings.push({ ruleId: 'headers/csp-unsafe', message: `The Content-Security-Policy that ${shown} sends allows ${what}.`, policyPath: PROBE_PATH, identity: `probe-csp:${what}` });
    }
  }
  // Cookie names come from the deployed site: the policy's session-names run under their time budget.
  const budget = new BudgetLedger((cookies['time-budget'] as number | undefined) ?? DEFAULT_TIME_BUDGET_MS, 'headers/probe-cookie');
  const names = new SessionNames(cookies['session-names'] as string[] | undefined, budget);
  const minimum = ((cookies['same-site'] as SameSite | undefined) ?? 'lax') as SameSite;
  for (const header of response.headers.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (!cookie.name || !names.isSession(cookie.name, { policyPath: PROBE_PATH, kind: 'cookie' })) continue;
    const missing: string[] = [];
    if (!cookie.secure && response.url.protocol === 'https:') missing.push('Secure');
    if (!cookie.secure && response.url.protocol === 'http:') missing.push('Secure (and it was sent over plain HTTP)');
    if (!cookie.httpOnly && !CSRF_NAME.test(cookie.name)) missing.push('HttpOnly');
    if (!sameSiteMeets(cookie.sameSite, minimum)) missing.push(cookie.sameSite ? `SameSite=${minimum === 'strict' ? 'Strict' : 'Lax or Strict'} (it is ${cookie.sameSite})` : 'SameSite');
    if (!missing.length) continue;
    findings.push({
      ruleId: 'headers/probe-cookie',
      message: `${shown} sets the session cookie \`${cookie.name}\` without ${missing.join(', ')}.`,
      policyPath: PROBE_PATH,
      identity: `probe-cookie:${cookie.name}`,
    });
  }
  findings.push(...budget.findings(SessionNames.label, PATTERN_HELP));
  return findings;
}

/** Sets the probe URL (from the action input `probe-url`) on a loaded policy, enabling the headers check. */
export function withProbeUrl(policy: Policy, url: string | undefined): void {
  if (!url) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) throw new Error(`probe-url must be an http(s) URL, not "${url}"`);
  if (parsed.username || parsed.password) throw new Error('probe-url must not carry credentials; use a preview URL that needs none');
  policy.checks.headers = { ...(policy.checks.headers ?? {}), 'probe-url': parsed.href };
}
