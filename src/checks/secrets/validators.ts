// Named format checks for SecretRule.checksum: a token that fails its format's own checksum or structure is
// not a credential of that format (a typo, a redaction, a made-up example), whatever it looks like.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib) of the UTF-8 bytes of a string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A number in base 62 (digits, then upper, then lower case), left-padded with zeros to `width`. */
export function base62(n: number, width: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/**
 * GitHub's token format (ghp_, gho_, ghu_, ghs_, ghr_), also used by npm (npm_): a prefix ending in `_`,
 * 30 random base62 characters, then the CRC-32 of those 30 characters in base62, 6 characters wide.
 */
function githubCrc32(secret: string): boolean {
  const body = secret.slice(secret.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function bech32Polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ (gen[i] as number)) >>> 0;
  }
  return chk;
}

/** A Bech32 string (BIP 173) with a valid checksum, in one case: age keys (`AGE-SECRET-KEY-1…`). */
export function bech32Valid(text: string): boolean {
  if (text !== text.toUpperCase() && text !== text.toLowerCase()) return false;
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || s.length - sep - 1 < 6) return false;
  const hrp = s.slice(0, sep);
  const data: number[] = [];
  for (const ch of s.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v === -1) return false;
    data.push(v);
  }
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  return bech32Polymod([...expanded, ...data]) === 1;
}

/** Decodes base64 or base64url (padding optional); undefined when it is not that. */
export function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** A base64 segment that decodes to a JSON object. */
export function decodeBase64Json(text: string): Record<string, unknown> | undefined {
  const decoded = decodeBase64(text);
  if (!decoded?.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(decoded);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const PUBLIC_ROLES = new Set(['anon', 'anonymous', 'public', 'guest', 'authenticated']);
const DAY = 86_400;

/**
 * A JWT that works as a credential: a signed token (not `alg: none`, with a real signature) whose claims
 * grant something and that does not expire soon after it was issued. Public client keys (Supabase `anon`),
 * short-lived session tokens and the jwt.io sample are not.
 */
function jwtCredential(secret: string): boolean {
  const [h, p, sig] = secret.split('.');
  if (!h || !p || !sig || sig.length < 16) return false;
  const header = decodeBase64Json(h);
  const claims = decodeBase64Json(p);
  if (!header || !claims || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  if (claims.sub === '1234567890' && claims.name === 'John Doe') return false;
  // The Supabase CLI's local stack signs its published demo keys with this issuer.
  if (claims.iss === 'supabase-demo') return false;
  const role = typeof claims.role === 'string' ? claims.role.toLowerCase() : undefined;
  if (role && PUBLIC_ROLES.has(role)) return false;
  if (typeof claims.exp === 'number') {
    const issued = typeof claims.iat === 'number' ? claims.iat : typeof claims.nbf === 'number' ? claims.nbf : undefined;
    if (issued === undefined || claims.exp - issued < 30 * DAY) return false;
  }
  const grants = ['role', 'scope', 'scopes', 'permissions', 'sub', 'client_id', 'key', 'k', 'api_key', 'token_type', 'iss'];
  return grants.some((claim) => claim in claims);
}

/** A Discord bot token: its first segment is the bot's numeric user id (a snowflake) in base64. */
function discordBotToken(secret: string): boolean {
  const decoded = decodeBase64(secret.split('.')[0] ?? '');
  return decoded !== undefined && /^\d{17,20}$/.test(decoded);
}

/** An HTTP Basic credential: base64 of `user:password`, both printable and the password non-empty. */
function basicAuth(secret: string): boolean {
  const decoded = decodeBase64(secret);
  return decoded !== undefined && /^[\x21-\x39\x3b-\x7e][\x20-\x7e]{0,100}:[\x20-\x7e]{4,200}$/.test(decoded);
}

/** Grafana Cloud access policy tokens: `glc_` and base64 of a JSON object naming the org and key. */
function grafanaCloud(secret: string): boolean {
  const json = decodeBase64Json(secret.slice(4));
  return json !== undefined && 'k' in json;
}

/** Grafana API keys (legacy): base64 of `{"k":…,"n":…,"id":…}`. */
function grafanaApiKey(secret: string): boolean {
  const json = decodeBase64Json(secret);
  return json !== undefined && 'k' in json && 'n' in json;
}

/** Sentry organisation tokens: `sntrys_`, base64 JSON with the issue time and URLs, `_`, the secret. */
function sentryOrgToken(secret: string): boolean {
  const json = decodeBase64Json(secret.slice(7, secret.lastIndexOf('_')));
  return json !== undefined && 'iat' in json;
}

/** A PEM or PGP private key block whose body is a real key: enough base64, not a placeholder ellipsis. */
function privateKeyBlock(secret: string): boolean {
  const inner = secret.replace(/^-----BEGIN [A-Z0-9 ]+-----/, '').replace(/-----END [A-Z0-9 ]+-----(?:\\n)?$/, '');
  const lines = inner.split(/\\r\\n|\\n|\r?\n/);
  const body = lines
    .filter((l) => !/^\s*[\w-]+: /.test(l))
    .join('')
    .replace(/["'`]\s*\+\s*["'`]/g, '') // "…" + "…" concatenations in code
    .replace(/[\s"'`,;\\]/g, '');
  if (body.length < 48 || /\.\.\.|…|<|>|\*|x{6,}|X{6,}/.test(body)) return false;
  return /^[A-Za-z0-9+/=]+$/.test(body);
}

/** Base64 of a PEM private key block (kubeconfig `client-key-data`, Helm values, CI variables). */
function privateKeyBase64(secret: string): boolean {
  const decoded = decodeBase64(secret)?.trim();
  return decoded !== undefined && /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(decoded) && privateKeyBlock(decoded);
}

export const VALIDATORS: Readonly<Record<string, (secret: string) => boolean>> = {
  'github-crc32': githubCrc32,
  bech32: bech32Valid,
  jwt: jwtCredential,
  'discord-bot-token': discordBotToken,
  'basic-auth': basicAuth,
  'grafana-cloud': grafanaCloud,
  'grafana-api-key': grafanaApiKey,
  'sentry-org-token': sentryOrgToken,
  'private-key-block': privateKeyBlock,
  'private-key-base64': privateKeyBase64,
};
