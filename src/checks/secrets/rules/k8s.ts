// Kubernetes Secret manifests with inline values: each entry of `data:` (base64) and `stringData:` is one
// secret. The manifest may list `kind` before or after the data (kubectl writes keys in alphabetical order).
import type { SecretRule } from '../types.js';

/**
 * Any character that does not start a new YAML document, nor `stop` (the line that starts another match of
 * the same alternative): each start is then looked at up to the next one, not 40,000 characters further,
 * and a file of `kind: Secret` or `data:` lines costs linear time.
 */
const IN_DOC = (stop: string) => `(?:(?!\\n---|${stop})[\\s\\S])`;
const KIND = `\\nkind:[ \\t]*["']?Secret["']?[ \\t]*(?=\\r?\\n|$)`;
/**
 * A `data:` or `stringData:` block: the header, then the indented lines up to the next unindented one,
 * which the block never runs past. It ends there or at the end of the text (`$`: `\s*$` would try each run
 * of blanks to its end from each of its characters).
 */
const BLOCK = (name: string) => `\\n(?:data|stringData):[ \\t]*\\r?\\n(?<${name}>[ \\t](?:(?!\\n[^ \\t\\r\\n])[\\s\\S]){0,40000}?)(?=\\n[^ \\t\\r\\n]|$)`;

export const K8S_RULES: SecretRule[] = [
  {
    id: 'secrets/kubernetes-secret',
    title: 'Kubernetes Secret manifest with inline data',
    provider: 'Kubernetes',
    keywords: ['kind: secret', "kind: 'secret'", 'kind: "secret"'],
    paths: ['*.yaml', '*.yml'],
    pattern: new RegExp(`${KIND}${IN_DOC('\\nkind:')}{0,40000}?${BLOCK('secret')}|${BLOCK('secret2')}${IN_DOC('\\n(?:data|stringData):')}{0,40000}?${KIND}`),
    // One entry of the block; credentials-looking keys only (not user names, hosts or certificates).
    each: /^[ \t]{1,12}(?![\w.-]{0,253}(?:user|username|login|host|hostname|port|database|db|dbname|email|region|namespace|endpoint|url|uri|\.crt|\.pem|cert|certificate)[ \t]{0,4}:)(?<key>[\w.-]{1,253}):[ \t]{0,4}["']?(?<secret>[A-Za-z0-9+/=_.@:!%^*~-][^\s"'#]{5,10000})["']?[ \t]{0,4}\r?$/im,
    multiline: true,
    docs: 'https://kubernetes.io/docs/concepts/configuration/secret/',
    revoke: 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
  },
];
