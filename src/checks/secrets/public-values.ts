// Values that look like credentials and are meant to be seen: keys a vendor designs to ship in a browser or
// a public repository, and the grammar that documentation writes where a URL's credentials go.
import type { Candidate } from './false-positives.js';
import { decodeBase64 } from './validators.js';

/**
 * Keys public by design: PostHog project keys (`phc_`, sent by every browser), Nx Cloud read-only tokens
 * (base64 of `<id>|read`, which Nx documents as safe to commit), Mapbox public tokens (`pk.`), search-only
 * keys (Algolia's, named so) and Pusher app keys (the app's secret is separate).
 */
export function isPublicByDesign(candidate: Candidate): boolean {
  const { secret, key = '' } = candidate;
  if (/^phc_[A-Za-z0-9]{20,}$/.test(secret)) return true;
  if (/^pk\.eyJ[\w-]+\.[\w-]+$/.test(secret)) return true;
  const decoded = /^[A-Za-z0-9+/]{40,}={0,2}$/.test(secret) ? decodeBase64(secret) : undefined;
  if (decoded !== undefined && /^[0-9a-f-]{32,36}\|read$/i.test(decoded)) return true;
  return /search[_.-]?(?:only[_.-]?)?(?:api[_.-]?)?key|pusher[_.-]?(?:app[_.-]?)?key/i.test(key);
}

/** `AccountSid`, `AuthToken`, `FromPhoneNo`, `API_KEY`: names standing where values go. */
const IDENTIFIER = /^(?:[A-Z][a-z]+){2,}$|^[a-z]+(?:[A-Z][a-z]+)+$|^[A-Z]+(?:_[A-Z]+)+$/;

/**
 * `twilio://AccountSid:AuthToken@FromPhoneNo`: a URL scheme's grammar in help text. The password is a name,
 * and so is the host (no dot, upper-case letters: no host is called that).
 */
export function isUrlGrammar(password: string, host: string): boolean {
  const bare = host.replace(/:\d+$/, '');
  return IDENTIFIER.test(password) && !bare.includes('.') && /[A-Z]/.test(bare);
}

/** A compose or cluster service name (`db`, `postgres`, `redis-cache`): reachable only inside the stack. */
export function isServiceHost(host: string): boolean {
  return /^[a-z][a-z0-9_-]{0,62}(?::\d{1,5})?$/.test(host);
}

/** Sentry DSNs carry a public key by design (and a secret part Sentry no longer uses). */
export function isSentryDsnHost(host: string): boolean {
  return /(?:^|\.)sentry\.io(?::\d+)?$/i.test(host);
}
