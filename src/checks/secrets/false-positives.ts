// False-positive control: values that have a credential's shape but are not one. Strong formats (a
// published prefix, a checksum) only meet the placeholder and embedding checks; generic and context rules,
// whose value alone proves nothing, meet all of them.
import { characterClasses, shannonEntropy } from './entropy.js';

/** What the filters know about one candidate match. */
export interface Candidate {
  secret: string;
  /** The whole line (or the clipped window of a very long line) holding the secret. */
  line: string;
  /** Offset of the secret in `line`. */
  column: number;
  path: string;
  /** The credential-naming key of a generic or context match (`DB_PASSWORD`), when the rule captures one. */
  key?: string;
  /** The value was written between quotes. */
  quoted?: boolean;
  /** The line above the secret's line, when there is one (a comment about the value). */
  above?: string;
}

// ── Placeholders ────────────────────────────────────────────────────────────────────────────────────────

const PLACEHOLDER_WORDS =
  /example|sample|placeholder|changeme|change[_-]me|replace[_-]?me|your[_-]?(?:own[_-]?)?(?:api|app|access|secret|private|auth|client|token|key|pass|password|(?:[a-z0-9]+[_-]){1,3}(?:key|token|secret|pass(?:word)?|pwd|credentials?))|redacted|dummy|(?<![a-z0-9])(?:fake|not[_-]?(?:a[_-]?)?real)|(?:fake|not[_-]?real)(?![a-z0-9])|insert[_-]|<[^>]*>|^<|\[[a-z _-]*\]|\{[a-z _-]*\}|^(?:todo|tbd|fixme|none|null|nil|undefined|empty|secret|password|passwd|token|string|test|testing|foobar|foo|bar|baz|admin|root|default|xxx+|n\/a)$/i;

/** Documentation placeholders: `your-api-key`, `<token>`, `[password]`, `xxxx`, `****`, `changeme`, `…EXAMPLE`. */
/** A placeholder word or marker: `changeme`, `your-api-key`, `<token>`, `REPLACE_ME` (not runs of filler). */
export function isPlaceholderWord(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value);
}

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (/\*{3,}|\.{3}|…|•{3,}|#{4,}|_{5,}|-{5,}/.test(value)) return true;
  if (isCrossedOut(value)) return true;
  // One character repeated, or a run of six (aaaaaa, 000000).
  if (/(.)\1{5,}/.test(value) || /^(.)\1*$/.test(value)) return true;
  return hasSequentialRun(value, 8);
}

/**
 * `sk_live_xxxxxxxxxxxx`, `AKIAXXXXXXXXXXXXXXXX`: x's stand for the secret. The whole value is judged: a
 * random key that happens to contain `xxxx` (1 in 3,000 random Stripe keys does) is still a key.
 */
function isCrossedOut(value: string): boolean {
  let crossed = 0;
  for (const m of value.matchAll(/[xX]{4,}/g)) crossed += m[0].length;
  return crossed > 0 && (crossed * 4 >= value.length || value.length - crossed <= 12);
}

/** abcdefgh, 12345678, zyxwvuts: keyboard filler, not randomness. */
function hasSequentialRun(value: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < value.length; i++) {
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

// ── Variable references and templates ──────────────────────────────────────────────────────────────────

const TEMPLATE =
  /\$\{|\{\{|\}\}|\{%|%\(|%\{|#\{|<%|@\{|\$\(|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^\{[A-Za-z_]|\bprocess\.env\b|\bos\.(?:environ|getenv)\b|\bENV\[|\bSystem\.getenv\b|\bEnvironment\.GetEnvironmentVariable\b|\bsecrets\.[A-Za-z_]|\bvars\.[A-Za-z_]|\.Values\.|^env\(|getenv\(|^!(?:vault|Ref|Sub|GetAtt|ImportValue|env)\b|^(?:ref|arn|vault|op|sm|ssm|awssm|gcpsm|azkv|doppler|infisical)\+?:\/\/|^__[A-Z0-9_]+__$/;

/** `process.env.X`, `${X}`, `${{ secrets.X }}`, `{{ .Values.x }}`, `%(x)s`, `$X`, `!vault`, `op://…`. */
export function isTemplateOrReference(value: string): boolean {
  return TEMPLATE.test(value);
}

// ── Hashes and digests ─────────────────────────────────────────────────────────────────────────────────

const DIGEST_PREFIX = /^(?:sha(?:1|224|256|384|512)[:-]|md5[:-]|h1:|blake2b?[:-]|sha(?:1|256|512)=)/i;
const HASH_WORDS = new Set(['sha', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'md5', 'hash', 'hashes', 'digest', 'checksum', 'integrity', 'commit', 'revision', 'rev', 'etag', 'fingerprint', 'shasum', 'oid', 'tree', 'parent', 'object', 'blob', 'nonce', 'salt', 'iv', 'sum']);

/** The words of an identifier: `commit_sha`, `commitSha`, `commit-sha` → commit, sha. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lock|Cargo\.lock|go\.sum|Gemfile\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|uv\.lock|pdm\.lock|mix\.lock|pubspec\.lock|packages\.lock\.json|gradle\.lockfile|flake\.lock|Package\.resolved|\.terraform\.lock\.hcl)$/;

/** Package managers' lockfiles, and any `*.lock` file (translation tools keep their checksums in one). */
export function isLockfile(path: string): boolean {
  return LOCKFILE.test(path) || /\.lock$/i.test(path);
}

/** `sha256:…`, `sha512-…` (SRI and lockfile `integrity`), `h1:…` (go.sum), and bare hex digests in a hash's context. */
export function isDigest(candidate: Candidate): boolean {
  const { secret, line, column } = candidate;
  if (DIGEST_PREFIX.test(secret)) return true;
  const before = line.slice(Math.max(0, column - 12), column);
  if (/(?:sha(?:1|256|384|512)[:-]|h1:|md5[:-])$/i.test(before)) return true;
  if (/\bintegrity\s*=\s*["']?$/i.test(line.slice(Math.max(0, column - 40), column))) return true;
  const hex = /^[0-9a-f]+$/i.test(secret) && [32, 40, 56, 64, 96, 128].includes(secret.length);
  if (hex && (keyWords(candidate.key ?? '').some((w) => HASH_WORDS.has(w)) || isLockfile(candidate.path))) return true;
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID whose key does not name a credential (`client_id`, `tenant`, `request_id`), or a member of an enum. */
export function isUuidOutOfContext(candidate: Candidate): boolean {
  if (!UUID.test(candidate.secret)) return false;
  const key = candidate.key ?? '';
  // `OnePassword = "bada5566-…",` in an enum: a public identifier named after a product.
  if (/^[A-Z][A-Za-z0-9]*$/.test(key) && /^\s*[A-Z][A-Za-z0-9]*\s*=\s*["'][^"']*["'],?\s*(?:\/\/.*)?$/.test(candidate.line)) return true;
  return !/pass|secret|token|api[_.-]?key|apikey|auth/i.test(key) || /(?:^|[_.-]|[a-z](?=[A-Z]))(?:id|uuid|guid)$/i.test(key);
}

/**
 * An AWS access key id in a URL's query or a request header, where it is public by design: a presigned URL
 * (`X-Amz-Credential=`, SigV2's `AWSAccessKeyId=`) or a SigV4 header, whose signature expires, and the
 * `SubscriptionId=` of an Amazon affiliate link, which every visitor of the page receives. Useless without
 * the secret key, which is never there.
 */
export function isSignedRequestCredential(candidate: Candidate): boolean {
  return /(?:X-Amz-Credential=|Credential=|(?:[?&;]|\\u0026)(?:AWSAccessKeyId|SubscriptionId)=)$/i.test(candidate.line.slice(Math.max(0, candidate.column - 32), candidate.column));
}

/** A base64 value (a Kubernetes `data:` entry) whose decoded text is a placeholder, a template or a default. */
export function isEncodedPlaceholder(value: string, decoded: string | undefined): boolean {
  const text = decoded !== undefined && /^[\x20-\x7e\t\r\n]*$/.test(decoded) ? decoded : value;
  const t = text.trim();
  return t.length < 6 || /^[A-Za-z]{1,12}$/.test(t) || isPlaceholder(t) || isTemplateOrReference(t) || isWeakDefault(t);
}

// ── Public material, embedded data, declarations ───────────────────────────────────────────────────────

/** Public keys, certificates and publishable keys: meant to be shared. */
export function isPublicMaterial(candidate: Candidate): boolean {
  const { secret, key = '' } = candidate;
  if (/^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-ssh-|-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY|PGP PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST))/.test(secret)) return true;
  if (/^(?:pk_(?:live|test)_|sb_publishable_|age1[a-z0-9]{20})/.test(secret)) return true;
  return /public|publishable|(?:^|[_.-])pub(?:lic)?(?:[_.-]|$)|cert(?:ificate)?|\.crt$|\.pem$|ca[_.-]?bundle/i.test(key);
}

/** The secret sits inside a `data:` URI or a long base64 run (an inlined image or font). */
export function isEmbeddedData(candidate: Candidate): boolean {
  const { line, column, secret } = candidate;
  if (/^data:/i.test(secret)) return true;
  let i = column;
  while (i > 0 && /[A-Za-z0-9+/=]/.test(line[i - 1] as string)) i--;
  if (/data:[\w.+-]+\/[\w.+-]+(?:;[\w=.-]+)*;base64,$/i.test(line.slice(Math.max(0, i - 80), i))) return true;
  return false;
}

const TYPE_NAMES =
  /^(?:string|str|String|number|int|integer|bool|boolean|Boolean|any|unknown|object|bytes|char|None|nil|null|undefined|true|false|Optional\[str\]|SecretStr|SecretString|Option<String>|&str|\[\]byte|password|text|secret|required|optional|hidden|sensitive|redacted)$/;

/** Type declarations and form fields: `password: string`, `token?: String`, `type="password"`. */
export function isDeclarationOrField(candidate: Candidate): boolean {
  const { secret, key = '', line, column } = candidate;
  if (TYPE_NAMES.test(secret)) return true;
  if (/^(?:type|name|id|for|autocomplete|placeholder|label|aria-label|formControlName|v-model|data-[\w-]+)$/i.test(key)) return true;
  if (/(?:^|[\s<])(?:input|label|field|form)\b[^>]*$/i.test(line.slice(0, column)) && !candidate.quoted) return true;
  return false;
}

// ── Local development defaults ─────────────────────────────────────────────────────────────────────────

const LOCAL_HOST =
  /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|(?:[\w-]+\.)*(?:example|test|invalid|localhost|local)|(?:[\w-]+\.)*(?:example|your-?domain|my-?domain|domain)\.(?:com|org|net|io)|host|hostname|server|your[\w-]*|my-?host|db-?host)(?::\d+)?$/i;
const WEAK_PASSWORDS =
  /^(?:pass(?:word)?\d*|passwd|secret|postgres|mysql|root|admin|guest|test|dev|devpass|local|changeme|example|user|pw|pwd|redis|rabbitmq|mongo|mongodb|default|qwerty|letmein|12345\d*|\*+|x+|sa|demo|docker|app|foo|bar|minio|minioadmin|keycloak|airflow|superset|sonar|gitlab|grafana|elastic|kibana|neo4j|p@ssw0rd|Passw0rd!?|mysecretpassword|secretpassword|supersecret(?:password|)|s3cr3t|hunter2|topsecret|notasecret|password123|admin123|root123|test123|pa55word|passw0rd|mypassword|dbpassword|apppassword)$/i;

/** Hosts that only exist on a developer's machine or in documentation. */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host);
}

/** Test and tutorial passwords: `Test123!`, `test_Password123`, `demo-secret-1`. */
const TEST_PASSWORDS = /^(?:(?:test|tests|testing|e2e|demo|dev|dummy|fake|sample|example|my|default|user|admin|welcome|qwerty)[_.-]?){1,2}(?:p[a@4]?ss(?:w[o0]rd)?|pwd|secret|token|user|admin)?[_.-]?\d{0,6}[!@#$.?]?$/i;
/** The development keys published by emulators (Azurite's devstoreaccount1 key): public by design. */
const PUBLISHED_DEV_KEYS = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // The TOTP secret of RFC 6238 tutorials and Google Authenticator's documentation.
  'JBSWY3DPEHPK3PXP',
]);

/** The well-known passwords of local containers and tutorials (`postgres`, `password`, `root`, `guest`). */
export function isWeakDefault(value: string): boolean {
  return WEAK_PASSWORDS.test(value) || TEST_PASSWORDS.test(value);
}

export function isPublishedDevKey(value: string): boolean {
  return PUBLISHED_DEV_KEYS.has(value);
}

// ── Generic values ─────────────────────────────────────────────────────────────────────────────────────

const NON_CREDENTIAL_KEY =
  /(?:^|[_.-]|[a-z0-9](?=[A-Z]))(?:id|ids|uuid|guid|name|names|path|paths|file|files|dir|directory|url|uri|endpoint|host|type|types|kind|length|len|size|field|fields|header|hint|label|prompt|placeholder|policy|regex|pattern|format|env|var|variable|ref|arn|hash|hashed|digest|expiry|expires|expiration|ttl|count|enabled|required|min|max|version|mode|prefix|suffix|provider|store|manager|rotation|location|timeout|salt|rounds|algorithm|alg|encoding|lifetime|reset|confirmation|confirm|strength|validator|validation|policy|error|errors|message|msg|input|selector|display|column|param|params|scope|scopes|usage|limit|budget|index|flag|callback|handler|method|service|class|module|option|options|config|key_id|keyid|description|desc|title|text|template)$/i;
const NON_CREDENTIAL_KEY_ANYWHERE = /csrf|xsrf|page[_.-]?token|next[_.-]?token|max[_.-]?tokens?|tokeniz|tokens[_.-]?(?:used|count)|token[_.-]?(?:type|count|usage|limit|endpoint|url)|public|publishable|forgot|reset[_.-]?pass|password[_.-]?(?:reset|policy|hash|digest|field|input|label)|passport|bypass|compass|minipass|overpass|underpass|surpass|trespass|secretary|secret[_.-]?(?:name|ref|key[_.-]?ref|manager|provider|store|id|arn|path)|keyref|_placeholder|cache[_.-]?key|(?:order|checkout|cart)[_.-]?token/i;

/** Keys that mention a credential but hold something else: `token_url`, `password_hash`, `max_tokens`, `secretName`. */
export function isNonCredentialKey(key: string): boolean {
  return NON_CREDENTIAL_KEY.test(key) || NON_CREDENTIAL_KEY_ANYWHERE.test(key);
}

const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|go|rb|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|h|hpp|m|dart|lua|ex|exs|clj|groovy|vue|svelte)$/i;

/** An identifier, a path, a URL without credentials, a number, a sentence: not a secret value. */
export function isImplausibleGenericValue(candidate: Candidate): boolean {
  const raw = candidate.secret;
  if (!candidate.quoted && CODE_FILE.test(candidate.path)) return true; // an expression, not a literal
  if (/[^\x21-\x7e]/.test(raw)) return true; // text in another script, not a generated secret
  if (/^(?:https?|wss?|ftp|file):\/\/[^:@/]+(?:[/?#]|$)/i.test(raw)) return true; // a URL without credentials
  if (isPathLike(raw)) return true;
  if (/^[\d.,:+-]+$/.test(raw)) return true; // numbers, versions, times
  if (/^(?:(?:npm|jsr|workspace|patch|portal|link|file|exec|catalog):)?[\^~<>=v]{0,3}\d+(?:\.[\dx*]+){1,3}(?:[-+][\w.]+)?$/.test(raw)) return true; // version ranges, package descriptors
  if (/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*$/.test(raw)) return true; // a JWT: the jwt rule decides
  // Leading or trailing punctuation does not make a word random: ?InterpolationInTemplate, :memory:
  const value = raw.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value) && value.length < 24) return true; // words
  if (/^[A-Za-z]+(?:[ -][A-Za-z]+)*$/.test(value) && (value.match(/[A-Z]/g)?.length ?? 0) <= 3) return true; // words of any length: a translation, not random letters
  if (/^[a-z]+(?:[A-Z][a-z]+)+$|^[A-Z][a-z]+(?:[A-Z][a-z]+)+$|^[A-Z0-9]+(?:_[A-Z0-9]+)+$/.test(value)) return true; // camelCase, CONSTANT_NAME
  if (/^(?:[a-z]+\.){1,}[a-z]+\(?$/i.test(value)) return true; // dotted names: config.auth.token
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\([\w$., ]*\)$/.test(raw)) return true; // a call: wants(path), getSecret(name)
  if (/^(?:[\w-]+\.)+(?:com|org|net|io|dev|app|co|cloud|internal|local)$/i.test(value)) return true; // host names
  if (isMadeOfWords(value)) return true; // test-token-123, correct-horse-battery-staple, apiToken_missing
  const key = (candidate.key ?? '').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '').toLowerCase();
  if (key.length >= 6 && value.toLowerCase().includes(key)) return true; // the value names its key
  if ((value.match(/abc|123|xyz|456|789|qwe|asd/gi)?.length ?? 0) >= 2) return true; // abc123xyz456
  return false;
}

/**
 * A segment between slashes that a generator wrote, not a person: base64 punctuation, or a part (between
 * dots, dashes, underscores) that mixes every class or changes case and digits often. `memos.api.v1` and
 * `CreatePersonalAccessToken` are names.
 */
function isRandomSegment(segment: string): boolean {
  if (/[+=]/.test(segment)) return true;
  return segment.split(/[-_.]/).some((part) => {
    if (part.length >= 5 && /[a-z]/.test(part) && /\d/.test(part) && /[A-Z]/.test(part.slice(1))) return true;
    return part.length >= 8 && (part.match(/[a-z](?=[A-Z])|[A-Z](?=[A-Z][a-z])|\d(?=\D)|\D(?=\d)/g)?.length ?? 0) >= 5;
  });
}

/**
 * A file path or a route: `./keys/dev.pem`, `~/.ssh/id`, `config/secrets.yml`, `/api/v1/token`. Every
 * segment must read as a name: base64 has slashes too (a quarter of random 64-character values have two
 * or more), and its segments are random.
 */
function isPathLike(raw: string): boolean {
  if (/^(?:~\/|[A-Za-z]:\\)/.test(raw)) return true;
  if (/\.(?:pem|key|crt|cer|json|ya?ml|txt|p12|pfx|jks|env|gpg|asc|der|pub)$/i.test(raw)) return true;
  if (!raw.includes('/')) return false;
  const segments = raw.split('/').filter(Boolean);
  return segments.length > 0 && !segments.some(isRandomSegment);
}

const WORD = /^(?:[a-z]{1,12}(?:[A-Z][a-z]{1,11}){0,4}[A-Z]{0,4}|[A-Z]{1,12}|(?:[A-Z][a-z]{1,11}){1,5}[A-Z]{0,4}|\d{1,4})$/;

/**
 * Base64 of readable text, not of key material: `bXktc2VjcmV0LWtleQ==` is `my-secret-key`, and a dev
 * server's published token may be base64 of `{"UserID":"defaultUser",…}`. Random key bytes are almost never
 * all printable; a printable decoding is judged as the text it is (a base64-wrapped random key stays one).
 */
export function isEncodedText(value: string): boolean {
  if (value.length < 12 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) return false;
  const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
  if (decoded.length < 6 || !/^[\x20-\x7e\t\r\n]+$/.test(decoded)) return false;
  const tokens = decoded.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return tokens.length > 0 && tokens.every((t) => WORD.test(t));
}

/** Words (in one case, or Capitalised) and short numbers joined by `-`, `_`, `.` or `/`: typed by a person. */
function isMadeOfWords(value: string): boolean {
  const parts = value.split(/[-_./]/);
  return parts.length >= 2 && parts.every((p) => WORD.test(p));
}

/** Entropy and character mix a generic value needs: random enough to be a generated secret or a real password. */
export function isLowEntropyGeneric(value: string, minEntropy: number): boolean {
  if (shannonEntropy(value) < minEntropy) return true;
  const classes = characterClasses(value);
  if (classes < 2) return !(value.length >= 32 && /^[0-9a-f]+$/i.test(value) && /\d/.test(value) && /[a-f]/i.test(value));
  return false;
}
