// A private key whose own certificate names only this machine (`CN=localhost`, `127.0.0.1`) serves HTTPS to
// a developer's browser: a development setup, whatever the file is called. The certificate is looked for in
// the key's file and in the certificate files beside it, and must hold the key's public half.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { CheckContext } from '../../core/check.js';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]{32,20000}?-----END CERTIFICATE-----/g;
const LOCAL_NAME = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1|[\w.-]+\.(?:localhost|local|test))$/i;
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

/** True when one of the certificates in `texts` holds the key's public half and names only local hosts. */
function certifiedForLocalhost(keyPem: string, texts: readonly string[]): boolean {
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
      return names.length > 0 && names.every((n) => LOCAL_NAME.test(n));
    }
  }
  return false;
}

/** The paths among `keys` (path → key block) whose key is certified for localhost only. */
export async function localhostKeys(ctx: CheckContext, keys: ReadonlyMap<string, string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [path, keyPem] of keys) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    const siblings = ctx.files
      .filter((f) => f.path !== path && f.path.startsWith(dir) && !f.path.slice(dir.length).includes('/') && /\.(?:crt|cert|cer|pem)$/i.test(f.path))
      .slice(0, MAX_SIBLINGS);
    const texts: string[] = [];
    for (const p of [path, ...siblings.map((f) => f.path)]) {
      const file = await ctx.readText(p);
      if (file) texts.push(file.text);
    }
    if (certifiedForLocalhost(keyPem, texts)) found.add(path);
  }
  return found;
}
