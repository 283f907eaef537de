// Generic rules: a value under a key that names a credential, in code, YAML, JSON, TOML, .env, properties
// and XML; and credentials in HTTP Authorization headers. The value alone proves nothing, so these rules
// meet every false-positive filter, need a random-looking value, and lose to any specific rule.
import type { SecretRule } from '../types.js';

/** Words that make a key name a credential's. `pass` alone only as a whole word part (`DB_PASS`). */
export const CREDENTIAL_WORD = 'password|passwd|passphrase|pass(?![a-z])|pwd|secret|token|(?:api|access|private|auth|signing|encryption|master|app|jwt)[_.-]?key|credentials?';
export const KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'api_key', 'api-key', 'api.key', 'apikey', 'access_key', 'access-key', 'accesskey', 'private_key', 'private-key', 'privatekey', 'auth_key', 'authkey', 'credential', 'signing_key', 'signingkey', 'encryption_key', 'encryptionkey', 'master_key', 'masterkey', 'app_key', 'app-key', 'app.key', 'appkey', 'jwt_key', 'jwt-key', 'jwtkey'];
export const KEY = `[\\w.-]{0,64}(?:${CREDENTIAL_WORD})[\\w.-]{0,30}`;
/** A literal may be wrapped: `[]byte("…")` (Go), `Buffer.from("…")`, `new TextEncoder().encode("…")`, `b"…"`. */
const WRAPPER = '(?:\\[\\]byte\\(|Buffer\\.from\\(|new TextEncoder\\(\\)\\.encode\\(|bytes\\(|[rbuf]|@)?';
const DOCS = 'https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password';
export const CONFIG_FILES = ['.env', '.env.*', '*.env', '*.properties', '*.yml', '*.yaml', '*.ini', '*.cfg', '*.conf', '*.sh', '*.bash', '*.zsh', 'Dockerfile', 'Dockerfile.*', '*.dockerfile', 'Containerfile', '.npmrc', '.pypirc', '.netrc', '*.tfvars', '*.hcl', 'Makefile', '*.mk'];

/** The key begins at most 64 characters before its credential word; key, separator and value end within 400. */
export const generic = (rule: Omit<SecretRule, 'provider' | 'generic' | 'docs' | 'secretGroup'>): SecretRule => ({
  provider: 'Generic',
  generic: true,
  secretGroup: 'secret',
  before: 70,
  maxLength: 400,
  docs: DOCS,
  ...rule,
});

export const GENERIC_RULES: SecretRule[] = [
  generic({
    id: 'secrets/generic-secret',
    title: 'Hard-coded secret (quoted value under a credential-named key)',
    keywords: KEYWORDS,
    pattern: new RegExp(
      `(?:^|[^\\w.$-])(?<key>${KEY})["']?\\]?[ \\t]{0,40}(?::=|=>|\\?\\?=|\\|\\|=|[:=])[ \\t]{0,4}${WRAPPER}(?<q>["'\`])(?<secret>[^\\s"'\`\\\\]{8,200})\\k<q>`,
      'i',
    ),
    entropy: 3,
  }),
  generic({
    id: 'secrets/generic-secret-config',
    title: 'Hard-coded secret (unquoted value in a configuration file)',
    keywords: KEYWORDS,
    paths: CONFIG_FILES,
    pattern: new RegExp(
      `(?:^|[^\\w.$-])(?<key>${KEY})[ \\t]{0,40}[:=][ \\t]{0,4}(?<secret>[^\\s"'\`#;,&|<>(){}\\[\\]\\\\]{8,200})(?=[ \\t]{0,20}(?:[#;]|$))`,
      'im',
    ),
    entropy: 3,
  }),
  generic({
    id: 'secrets/generic-secret-xml',
    title: 'Hard-coded secret (XML element)',
    keywords: KEYWORDS,
    requires: '</',
    pattern: new RegExp(`<(?<key>[\\w:.-]{0,40}(?:${CREDENTIAL_WORD})[\\w:.-]{0,30})(?:\\s[^<>]{0,200}|)>(?<secret>[^<>\\s]{8,200})</[\\w:.-]{1,100}>`, 'i'),
    entropy: 3,
  }),
  generic({
    id: 'secrets/generic-secret-xml-setting',
    title: 'Hard-coded secret (XML key/value setting)',
    keywords: KEYWORDS,
    requires: 'value',
    pattern: new RegExp(`\\bkey\\s{0,2}=\\s{0,2}"(?<key>[^"<>]{0,40}(?:${CREDENTIAL_WORD})[^"<>]{0,30})"\\s{1,4}value\\s{0,2}=\\s{0,2}"(?<secret>[^"<>\\s]{8,200})"`, 'i'),
    entropy: 3,
  }),
  generic({
    id: 'secrets/generic-secret-env-entry',
    title: 'Hard-coded secret (name/value entry of a container environment)',
    keywords: KEYWORDS,
    paths: ['*.yml', '*.yaml'],
    nextLine: true,
    requires: 'value:',
    before: 256,
    // - name: DB_PASSWORD
    //   value: "…"
    pattern: new RegExp(`(?:^|\\n)[ \\t]{0,40}-?[ \\t]{0,4}name:[ \\t]{0,4}["']?(?<key>${KEY})["']?[ \\t]{0,4}\\r?\\n[ \\t]{0,40}value:[ \\t]{0,4}["']?(?<secret>[^\\s"'#]{8,200})["']?[ \\t]{0,4}(?=\\r?\\n|$)`, 'i'),
    entropy: 3,
  }),
];
