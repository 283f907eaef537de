import type { CheckContext } from '../../core/check.js';
import type { Location } from '../../core/finding.js';
import { UNKNOWN } from '../../lang/js/evaluate.js';
import { parseCsp, unsafeScriptSources, type Verdict } from './csp.js';
import { describeExpectation, meets } from './expect.js';
import type { Requirement } from './index.js';
import type { Collected, HeaderSetting } from './types.js';

const CSP = 'content-security-policy';
const CSP_REPORT_ONLY = 'content-security-policy-report-only';
const XFO = 'x-frame-options';
const CORE = ['content-security-policy', 'strict-transport-security', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];

/** Where a missing header is best added, by the framework the app is written in. */
const FRAMEWORK_HINTS: Record<string, string> = {
  next: 'Add it to the `headers()` of next.config (or to middleware).',
  Django: 'Django: SecurityMiddleware with `SECURE_HSTS_SECONDS`/`SECURE_HSTS_INCLUDE_SUBDOMAINS`, `SECURE_CONTENT_TYPE_NOSNIFF` and `SECURE_REFERRER_POLICY`; XFrameOptionsMiddleware; django-csp (or Django 6 `SECURE_CSP`) for the CSP.',
  Flask: 'Flask: use Flask-Talisman (`Talisman(app, …)`), or set it in an `@app.after_request` hook.',
  FastAPI: 'Set it in a middleware (`@app.middleware("http")` that sets `response.headers[…]` on every response).',
  Starlette: 'Set it in a middleware (a `BaseHTTPMiddleware` whose `dispatch` sets `response.headers[…]`).',
  Rails: 'Rails: `config.force_ssl = true` (HSTS), the `content_security_policy` initializer, `config.action_dispatch.default_headers`.',
  Laravel: 'Set it in a middleware registered for every route (`$response->headers->set(…)`).',
  Go: 'Set it in a middleware that wraps every handler (`w.Header().Set(…)` before `next.ServeHTTP(w, r)`), or use unrolled/secure.',
};

export interface AppInfo {
  webApp?: string;
  platformFiles: string[];
  /** Server apps of the repository whose header configuration the check has no reader for (`a Spring Boot app (pom.xml)`). */
  blind: string[];
  /** Whether the check reads any of the repository's web apps or hosting configuration. */
  readable: boolean;
  /** Where the server apps it reads are set up: where a missing header is annotated when nothing else is. */
  apps: Location[];
}

function describeSetting(s: HeaderSetting): string {
  const where = s.origin === s.location.path ? s.location.path : s.origin;
  return s.routes ? `${where}, ${s.routes}` : where;
}

/**
 * What CSP `frame-ancestors` says about framing, as X-Frame-Options would (browsers that know it ignore
 * X-Frame-Options): `'none'` is DENY, `'self'` SAMEORIGIN. Undefined when no CSP that covers every route
 * has the directive; `unknown` when a CSP is computed and may carry it.
 */
function frameAncestors(settings: readonly HeaderSetting[], req: Requirement): { verdict: Verdict; setting: HeaderSetting; value: string } | undefined {
  let unknown: { verdict: Verdict; setting: HeaderSetting; value: string } | undefined;
  for (const s of settings) {
    if (s.key !== CSP || s.reportOnly || s.routes) continue;
    const text = s.value?.text;
    const sources = text === undefined ? undefined : parseCsp(text).get('frame-ancestors');
    if (!sources || sources.some((x) => x.includes(UNKNOWN))) {
      if (text === undefined || text.includes(UNKNOWN)) unknown ??= { verdict: { ok: 'unknown', why: 'is computed at run time' }, setting: s, value: '' };
      continue;
    }
    const lower = sources.map((x) => x.toLowerCase());
    const equivalent = lower.every((x) => x === "'none'") ? 'DENY' : lower.every((x) => x === "'none'" || x === "'self'") ? 'SAMEORIGIN' : undefined;
    const value = `frame-ancestors ${sources.join(' ')}`.trim();
    if (equivalent === undefined) return { verdict: { ok: false, why: `allows framing by ${sources.filter((x) => !["'none'", "'self'"].includes(x.toLowerCase())).join(' ')}` }, setting: s, value };
    const verdict = meets(req.name, req.expectation, equivalent);
    return { verdict: verdict.ok === false ? { ok: false, why: `stands for ${equivalent}, not ${describeExpectation(req.expectation)}` } : verdict, setting: s, value };
  }
  return unknown;
}

/** What the rules of one evaluation share: the collected settings, the app, and what earlier rules noted. */
interface Evaluation {
  ctx: CheckContext;
  c: Collected;
  app: AppInfo;
  /** Where a missing header is annotated, and what sets the other headers (for the hint). */
  anchor: Location | undefined;
  where: string | undefined;
  /** Helmet options already reported as turning off a required header (`path:line:key`). */
  reportedOff: Set<string>;
  /** Required headers not set anywhere, in an app the check cannot read. */
  blindMissing: string[];
}

/** One requirement of the policy, with how its messages word it and every setting of its header (report-only aside). */
interface Judged {
  req: Requirement;
  wanted: string;
  required: string;
  all: HeaderSetting[];
}

export function evaluate(ctx: CheckContext, requirements: readonly Requirement[], c: Collected, app: AppInfo): void {
  const e: Evaluation = {
    ctx,
    c,
    app,
    anchor: c.anchors[0]?.location ?? (app.platformFiles[0] ? { path: app.platformFiles[0], line: 1 } : app.apps[0]),
    where: c.anchors[0]?.what ?? app.platformFiles[0],
    reportedOff: new Set(),
    blindMissing: [],
  };
  for (const req of requirements) {
    const wanted = describeExpectation(req.expectation);
    const all = c.settings.filter((s) => s.key === req.key && !s.reportOnly);
    const j: Judged = { req, wanted, required: `the policy requires ${wanted} (${ctx.describePolicyPath(req.policyPath)})`, all };
    if (all.some((s) => !s.routes)) judgeSet(e, j);
    else judgeUnset(e, j);
  }
  notEvaluated(e);
  helmetDisabled(e, requirements);
  cspUnsafe(e);
}

/** A header set on every route: headers/weak-value for each value the policy does not accept, else headers/not-static when none can be read. */
function judgeSet(e: Evaluation, j: Judged): void {
  const { req } = j;
  const settings = j.all.filter((s) => !s.routes);
  const verdicts = settings.map((s): [HeaderSetting, Verdict] => [s, s.value ? meets(req.name, req.expectation, s.value.text) : { ok: 'unknown', why: 'is computed at run time' }]);
  const anyOk = verdicts.some(([, v]) => v.ok === true);
  const weak = reportWeak(e.ctx, j);
  if (anyOk || weak !== 0) return;
  const first = verdicts[0] as [HeaderSetting, Verdict];
  e.ctx.report({
    ruleId: 'headers/not-static',
    message: `${req.name} is set (${describeSetting(first[0])}) but its value ${first[1].ok === 'unknown' ? first[1].why : 'cannot be read'}, so the check cannot verify it; ${j.required}. Verify it with \`probe-url\`.`,
    location: first[0].location,
    policyPath: req.policyPath,
    identity: `computed:${req.key}`,
  });
}

/**
 * A header not set on every route, from the most specific reason: a strict enough CSP `frame-ancestors`
 * stands for X-Frame-Options (browsers that know it ignore X-Frame-Options; an X-Frame-Options the app
 * does send is still judged, for the browsers that know only that), helmet turned it off
 * (headers/helmet-disabled), a weak frame-ancestors (headers/weak-value), a computed configuration that
 * may set it (headers/not-static), an app the check cannot read (not evaluated), else headers/missing.
 */
function judgeUnset(e: Evaluation, j: Judged): void {
  const { ctx, c } = e;
  const { req, required } = j;
  const framing = req.key === XFO ? frameAncestors(c.settings, req) : undefined;
  if (framing?.verdict.ok === true) return;
  const off = c.helmetOff.find((o) => o.key === req.key);
  if (off) {
    e.reportedOff.add(`${off.location.path}:${off.location.line}:${off.key}`);
    ctx.report({
      ruleId: 'headers/helmet-disabled',
      severity: 'error',
      message: `\`${off.option}: false\` turns off helmet's ${req.name} header, and nothing else sets it; ${required}.`,
      location: off.location,
      policyPath: req.policyPath,
      identity: `off:${req.key}`,
      help: `Remove \`${off.option}: false\` or configure it, or set ${req.name} another way.`,
    });
    return;
  }
  if (framing?.verdict.ok === false) {
    ctx.report({
      ruleId: 'headers/weak-value',
      message: `X-Frame-Options is not set, and the Content-Security-Policy's \`${framing.value}\` ${framing.verdict.why} (set by ${describeSetting(framing.setting)}); ${required}.`,
      location: framing.setting.location,
      policyPath: req.policyPath,
      identity: `weak:${req.key}:${framing.value}`,
      help: `Set X-Frame-Options to ${j.wanted}, or \`frame-ancestors 'none'\` (DENY) / \`'self'\` (SAMEORIGIN) in the CSP.`,
    });
    return;
  }
  const computed = c.unreadable.find((u) => !u.headers || u.headers.has(req.key));
  if (computed || framing) {
    ctx.report({
      ruleId: 'headers/not-static',
      message: computed
        ? `${req.name} is not set anywhere the check can read, but ${computed.what} is computed at run time and may set it; ${required}. Verify it with \`probe-url\` or write the value out.`
        : `X-Frame-Options is not set, and the Content-Security-Policy that may carry \`frame-ancestors\` (${describeSetting(framing?.setting as HeaderSetting)}) is computed at run time; ${required}. Verify it with \`probe-url\` or write the value out.`,
      location: computed?.location ?? framing?.setting.location,
      policyPath: req.policyPath,
      identity: `computed:${req.key}`,
    });
    return;
  }
  if (!e.app.readable) e.blindMissing.push(req.name);
  else missing(e, j);
  reportWeak(ctx, j);
}

/** headers/missing: set nowhere the check reads, only as report-only, or only on some routes. */
function missing(e: Evaluation, j: Judged): void {
  const { c, app } = e;
  const { req, required } = j;
  const reportOnly = req.key === CSP ? c.settings.find((s) => s.key === CSP_REPORT_ONLY || (s.key === CSP && s.reportOnly)) : undefined;
  const partial = j.all.filter((s) => s.routes);
  const hint =
    (app.webApp && FRAMEWORK_HINTS[app.webApp]) ??
    (app.webApp && !c.anchors.length ? 'Use helmet (`app.use(helmet())`) or set it in the server configuration.'
    : e.where ? `Add it where the other headers are set (${e.where}).` : 'Set it in the app or the hosting configuration.');
  e.ctx.report({
    ruleId: 'headers/missing',
    message: reportOnly
      ? `Only Content-Security-Policy-Report-Only is set (${describeSetting(reportOnly)}), which reports violations but blocks nothing; ${required}.`
      : partial.length
        ? `${req.name} is set only on some routes (${[...new Set(partial.map(describeSetting))].slice(0, 3).join('; ')}), not on every response; ${required}.`
        : `${req.name} is not set anywhere the check reads (${[...new Set([...c.readers, 'next.config headers(), middleware, helmet, vercel.json, netlify.toml, _headers, nginx'])].join(', ')}); ${required}.`,
    ...(reportOnly ? { location: reportOnly.location } : e.anchor ? { location: e.anchor } : {}),
    policyPath: req.policyPath,
    identity: `missing:${req.key}`,
    help: partial.length ? `Set it for every route (a \`source\` of \`/:path*\`, middleware without a narrowing matcher), not only where it is set now. ${hint}` : hint,
  });
}

/** What the check could not look at: the whole check when nothing of the app is readable (what it did find still counts), else headers/missing. */
function notEvaluated(e: Evaluation): void {
  const { app } = e;
  if (e.blindMissing.length) {
    e.ctx.notEvaluated(`${e.blindMissing.join(', ')}: not set anywhere the check reads, and it has no reader for ${app.blind.join(', ')}`);
  } else if (app.blind.length) {
    e.ctx.notEvaluated(`the headers of ${app.blind.join(', ')}: the check has no reader for them`, ['headers/missing']);
  }
}

/** headers/helmet-disabled for the core headers no requirement reported: a protection of helmet's turned off. */
function helmetDisabled(e: Evaluation, requirements: readonly Requirement[]): void {
  const { c } = e;
  for (const off of c.helmetOff) {
    if (e.reportedOff.has(`${off.location.path}:${off.location.line}:${off.key}`)) continue;
    const requirement = requirements.find((r) => r.key === off.key);
    // Turned off in helmet but set by the app itself (a custom CSP, say): nothing is lost.
    if (requirement && c.settings.some((s) => s.key === off.key)) continue;
    if (!CORE.includes(off.key)) continue;
    e.ctx.report({
      ruleId: 'headers/helmet-disabled',
      message: `\`${off.option}: false\` turns off helmet's ${off.name} header.`,
      location: off.location,
      identity: `off:${off.key}`,
      help: `Remove \`${off.option}: false\`, or configure the protection instead of disabling it.`,
    });
  }
}

/** headers/csp-unsafe: a CSP (report-only and per-route ones too) that lets injected scripts run. */
function cspUnsafe(e: Evaluation): void {
  for (const s of e.c.settings) {
    if (s.key !== CSP || !s.value) continue;
    const unsafe = unsafeScriptSources(parseCsp(s.value.text));
    if (!unsafe.length) continue;
    const what = unsafe.map((u) => `${u.source} in ${u.directive}`).join(', ');
    e.ctx.report({
      ruleId: 'headers/csp-unsafe',
      message: `This Content-Security-Policy allows ${what}${s.reportOnly ? ' (report-only)' : ''}${s.routes ? ` (${s.routes})` : ''}: injected scripts can run, which defeats the policy.`,
      location: pointInside(s, unsafe[0]?.source ?? '') ?? s.location,
      identity: `csp:${what}`,
      help: "Remove 'unsafe-eval'; replace 'unsafe-inline' with nonces or hashes (Next.js: a nonce from middleware). If only development needs them, add them only when `NODE_ENV === 'development'`.",
    });
  }
}

/** Reports every setting of a requirement whose value the policy does not accept; returns how many. */
function reportWeak(ctx: CheckContext, { req, all, required, wanted }: Judged): number {
  const verdicts = all.map((s): [HeaderSetting, Verdict] => [s, s.value ? meets(req.name, req.expectation, s.value.text) : { ok: 'unknown', why: 'is computed at run time' }]);
  const explicitOk = verdicts.some(([s, v]) => v.ok === true && s.origin !== 'helmet defaults');
  let weak = 0;
  for (const [s, v] of verdicts) {
    if (v.ok !== false) continue;
    // A helmet default that the app overrides with an acceptable value of its own is not what is sent.
    if (s.origin === 'helmet defaults' && explicitOk) continue;
    weak++;
    ctx.report({
      ruleId: 'headers/weak-value',
      message: `${req.name} ${v.why} (set by ${describeSetting(s)}); ${required}.`,
      location: s.location,
      policyPath: req.policyPath,
      identity: `weak:${req.key}:${s.value?.text ?? ''}`,
      help: s.hint ? `With ${s.origin.replace(/ defaults$/, '')}: ${s.hint}.` : `Set ${req.name} to ${wanted}.`,
    });
  }
  return weak;
}

/** The exact place of a CSP keyword inside the literal that holds it, when the value is written in one file. */
function pointInside(s: HeaderSetting, keyword: string): Location | undefined {
  const spans = s.value?.spans;
  const file = s.file;
  if (!spans?.length || !file) return undefined;
  for (const span of spans) {
    const at = file.text.slice(span.start, span.end).toLowerCase().indexOf(keyword.toLowerCase());
    if (at !== -1) return { path: file.path, ...file.span(span.start + at, span.start + at + keyword.length) };
  }
  return undefined;
}
