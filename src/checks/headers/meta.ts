import type { CheckMeta } from '../../core/check.js';
import type { Expectation } from './expect.js';

export interface HeadersSettings {
  required?: Record<string, Expectation | true>;
  source?: string | string[];
  'probe-url'?: string;
  'probe-timeout'?: number;
}

export const META: CheckMeta = {
  id: 'headers',
  title: 'Security headers',
  description:
    'Security headers are configured in the code (Next.js headers(), middleware, vercel.json, netlify.toml, _headers, helmet, nginx, Nuxt, SvelteKit, Django, Flask, FastAPI, Rails, Laravel, Go) with the values the policy asks for, on every route; optionally checked on a live URL. Frameworks it cannot read are not evaluated.',
  covers: [
    'Validate that security headers from `next.config.ts` load in staging/prod via `curl -I` or automated smoke tests.',
    'Enforce HTTPS in production, including redirection and HSTS (see `next.config.ts` and deployment docs).',
    'Apply CSP, `X-Frame-Options`, `X-Content-Type-Options`, `Referrer-Policy`, and `Permissions-Policy` headers and confirm they match documented values.',
    'X-Frame-Options: DENY',
    'X-Content-Type-Options: nosniff',
    'X-XSS-Protection: 1; mode=block',
    'Referrer-Policy: strict-origin-when-cross-origin',
    'Content-Security-Policy configured',
    'HTTPS only (HTTP redirects to HTTPS)',
  ],
  rules: [
    {
      id: 'headers/missing',
      title: 'Security header not configured',
      description: 'A header the policy requires is set nowhere the check can read for every route (next.config headers(), middleware, vercel.json, netlify.toml, _headers, helmet, nginx/Apache configuration, framework settings), or only on some routes.',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'headers/weak-value',
      title: 'Security header with a weak value',
      description: 'A required header is configured with a value the policy does not accept (e.g. `X-Frame-Options: SAMEORIGIN` where `DENY` is required, HSTS max-age below a year).',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'headers/csp-unsafe',
      title: "CSP allows 'unsafe-inline' or 'unsafe-eval' scripts",
      description: "The Content-Security-Policy lets scripts run from inline code or eval (`'unsafe-inline'` without a nonce or hash, `'unsafe-eval'`), which defeats its protection against XSS.",
      severity: 'warning',
      securitySeverity: 6.0,
    },
    {
      id: 'headers/helmet-disabled',
      title: 'helmet protection turned off',
      description: 'A helmet option that sends a security header is set to `false`. An error when the policy requires that header and nothing else sets it.',
      severity: 'warning',
      securitySeverity: 5.0,
    },
    {
      id: 'headers/not-static',
      title: 'Header configuration cannot be read statically',
      description: 'A required header may be set by configuration that is computed at run time; the check says so instead of guessing. Verify it with `probe-url`, or write the value out.',
      severity: 'notice',
    },
    {
      id: 'headers/probe-missing',
      title: 'Live response lacks a security header',
      description: 'The URL given as `probe-url` answered without a header the policy requires.',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'headers/probe-weak-value',
      title: 'Live response has a weak security header',
      description: 'The URL given as `probe-url` answered with a header value the policy does not accept.',
      severity: 'error',
      securitySeverity: 5.0,
    },
    {
      id: 'headers/probe-cookie',
      title: 'Live session cookie without Secure, HttpOnly or SameSite',
      description: 'A session cookie set by the `probe-url` response lacks `Secure`, `HttpOnly` or an acceptable `SameSite`.',
      severity: 'error',
      securitySeverity: 6.0,
    },
    {
      id: 'headers/probe-failed',
      title: 'Live probe failed',
      description: 'The `probe-url` could not be fetched (network error, timeout, redirect to another host, server error), so its headers are not verified.',
      severity: 'error',
    },
  ],
  settings: {
    required: {
      type: 'object',
      description:
        'Header → the value it must have: a string, a list of acceptable values, `"*"` (or `true`) for any value, or `false` to not require it. Default: the seed checklists\' list (CSP, HSTS, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, Permissions-Policy).',
      propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
      additionalProperties: { type: ['string', 'array', 'boolean'], items: { type: 'string', minLength: 1 }, minItems: 1 },
    },
    source: {
      type: ['string', 'array'],
      format: 'glob',
      items: { type: 'string', format: 'glob' },
      description: 'Where the headers are configured (e.g. `next.config.ts`), replacing automatic detection.',
    },
    'probe-url': {
      type: 'string',
      pattern: '^https?://[^\\s/$.?#][^\\s]*$',
      description: 'A deployed URL (staging, preview) to fetch once and check the headers and cookies it really sends. The action input `probe-url` overrides it.',
    },
    'probe-timeout': { type: 'integer', minimum: 100, maximum: 120000, description: 'Milliseconds to wait for the probe response (default 10000).' },
  },
};

