// A private key whose own certificate names only this machine (`CN=localhost`, `127.0.0.1`, `*.test`), or a
// self-signed certificate for development and test host names (`dev.shop.io`, `*.test.shop.io`), serves
// HTTPS to a developer's browser or a test suite: nothing deployed trusts it, whatever the file is called.
// The certificate is looked for in the key's file and in the certificate files beside it, and must hold the
// key's public half.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { CheckContext } from '../../core/check.js';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]{32,20000}?-----END CERTIFICATE-----/g;
/** This machine, and the names reserved for tests and documentation (RFC 2606, RFC 6761). */
const LOCAL_NAME = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1|[\w.*-]+\.(?:localhost|local|test|example|invalid)|(?:[\w*-]+\.)*example\.(?:com|org|net))$/i;
/** A label (not the top-level domain) that names a development or test host: `dev.fider.io`, `*.test.shop.io`. */
const DEV_LABEL = /^(?:dev|development|local|localdev|test|testing|e2e)$/i;
/** At most this many files beside a key are read for its certificate. */
const MAX_SIBLINGS = 8;

/** Every name a certificate is for: its subject's CN and its DNS and IP alternative names. */
function namesOf(cert: X509Certificate): string[] {
  const names = [...cert.subject.matchAll(/(?:^|\n)CN=([^\n]+)/g)].map((m) => (m[1] as string).trim());
  for (const part of (cert.subjectAltName ?? '').split(/,\s*/)) {
    const m = /^(?:DNS|IP Address):(.+)$/.exec(part.trim());
    if (m) names.push((m[1] as string).trim());
  }
  return names;
}

function spki(key: KeyObject): string | undefined {
  try {
    return (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return undefined;
  }
}

/** A host name with a development or test label below its top-level domain. */
function isDevName(name: string): boolean {
  const labels = name.split('.');
  return labels.length >= 2 && labels.slice(0, -1).some((l) => DEV_LABEL.test(l));
}

function selfSigned(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/**
 * True when one of the certificates in `texts` holds the key's public half and names only local hosts, or is
 * self-signed (no browser trusts it unasked) and names only local, development or test hosts.
 */
function certifiedForDevelopment(keyPem: string, texts: readonly string[]): boolean {
  let key: ReturnType<typeof spki>;
  try {
    key = spki(createPrivateKey(keyPem));
  } catch {
    return false;
  }
  if (!key) return false;
  for (const text of texts) {
    for (const m of text.matchAll(CERTIFICATE)) {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(m[0]);
      } catch {
        continue;
      }
      if (spki(cert.publicKey) !== key) continue;
      const names = namesOf(cert);
      if (names.length === 0) return false;
      if (names.every((n) => LOCAL_NAME.test(n))) return true;
      return selfSigned(cert) && names.every((n) => LOCAL_NAME.test(n) || isDevName(n));
    }
  }
  return false;
}

/** The keys among `keys` (path and key block) whose certificate is for local, development or test hosts only. */
export async function developmentKeys<K extends { path: string; secret: string }>(ctx: CheckContext, keys: readonly K[]): Promise<Set<K>> {
  const found = new Set<K>();
  for (const k of keys) {
    const { path } = k;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const siblings = ctx.files
      .filter((f) => f.path !== path && f.path.startsWith(dir) && !f.path.slice(dir.length).includes('/') && /\.(?:crt|cert|cer|pem)$/i.test(f.path))
      .slice(0, MAX_SIBLINGS);
    const texts: string[] = [];
    for (const p of [path, ...siblings.map((f) => f.path)]) {
      const file = await ctx.readText(p);
      if (file) texts.push(file.text);
    }
    if (certifiedForDevelopment(k.secret, texts)) found.add(k);
  }
  return found;
}
