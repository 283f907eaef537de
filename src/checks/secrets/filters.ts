// Which false-positive filters apply to a candidate, by the kind of rule that found it.
import {
  isDeclarationOrField,
  isDigest,
  isEmbeddedData,
  isEncodedPlaceholder,
  isEncodedText,
  isImplausibleGenericValue,
  isLocalHost,
  isLowEntropyGeneric,
  isNonCredentialKey,
  isPlaceholder,
  isPlaceholderWord,
  isPublicMaterial,
  isPublishedDevKey,
  isSignedRequestCredential,
  isTemplateOrReference,
  isUuidOutOfContext,
  isWeakDefault,
  type Candidate,
} from './false-positives.js';
import { isAppPassword, looksGenerated, passwordOf } from './confidence.js';
import { isPublicByDesign, isSentryDsnHost, isServiceHost, isUrlGrammar } from './public-values.js';
import type { SecretRule } from './types.js';
import { decodeBase64 } from './validators.js';

/** Rules whose format is self-identifying: a published prefix or a checksum. */
function isStrongFormat(rule: SecretRule): boolean {
  return (rule.prefixLength ?? 0) > 0 || rule.checksum !== undefined;
}

/**
 * Why a candidate is not a credential, or undefined when it is one. `groups` are the pattern's named
 * groups: `key` (the credential-naming key), `user` and `host` (of a URL with credentials).
 */
export function rejectReason(rule: SecretRule, c: Candidate, groups: Record<string, string | undefined> | undefined): string | undefined {
  if (rule.anyValue ? isPlaceholderWord(c.secret) : isPlaceholder(c.secret)) return 'placeholder';
  if (isTemplateOrReference(c.secret)) return 'template or reference';
  if (isPublishedDevKey(c.secret)) return 'a development key its vendor publishes';
  if (isEmbeddedData(c)) return 'inside a data: URI';
  if (isSignedRequestCredential(c)) return 'key id of a signed request or an affiliate link';
  if (rule.each && isEncodedPlaceholder(c.secret, decodeBase64(c.secret))) return 'placeholder (encoded)';
  const host = groups?.host;
  if (host !== undefined) {
    // RFC 3986 forbids brackets in user info: `protocol://[user[:password]@]host` is a grammar, not a URL.
    if (/[[\]]/.test(groups?.user ?? '') || /[[\]]/.test(c.secret) || isUrlGrammar(c.secret, host)) return 'placeholder (URL grammar)';
    if (isLocalHost(host)) return 'local development host';
    if (isWeakDefault(c.secret)) return 'well-known default password';
    if (isSentryDsnHost(host)) return 'Sentry DSN (public by design)';
    if (isServiceHost(host) && (c.secret === groups?.user || !looksGenerated(c.secret, 12))) return 'default password of a service inside the stack';
  }
  else if (rule.password && isWeakDefault(passwordOf(rule, c.secret).password)) return 'well-known default password';
  if (isPublicByDesign(c)) return 'public by design';
  if (isStrongFormat(rule) && !rule.generic) return undefined;
  if (isDigest(c)) return 'hash or digest';
  if (isPublicMaterial(c)) return 'public key or certificate';
  if (!rule.generic) return undefined;
  if (isUuidOutOfContext(c)) return 'UUID out of credential context';
  if (c.key !== undefined && isNonCredentialKey(c.key)) return 'key does not name a credential';
  if (isDeclarationOrField(c)) return 'type declaration or form field';
  if (isAppPassword(c)) return undefined;
  if (isWeakDefault(c.secret)) return 'well-known default password';
  if (isImplausibleGenericValue(c)) return 'not a secret value';
  if (isEncodedText(c.secret)) return 'base64 of readable text';
  if (isLowEntropyGeneric(c.secret, rule.entropy ?? 3)) return 'low entropy';
  return undefined;
}
