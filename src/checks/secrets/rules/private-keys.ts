// Private keys: PEM (PKCS#1, SEC1, PKCS#8, OpenSSH), PGP, PuTTY, age. Multi-line blocks, reported once.
import type { SecretRule } from '../types.js';

// A block's body, `(?:(?!-----)[\s\S])`, is any character that does not begin an armour line: it stops at
// the next BEGIN or END line, so each BEGIN is looked at up to the next armour line rather than 64 KiB
// further. A file of BEGIN lines without END lines (or with empty bodies) then costs linear time, not 64 KiB
// per line (issue 16, item 11). Multi-line rules keep their gaps from running past their own next start.

export const PRIVATE_KEY_RULES: SecretRule[] = [
  {
    id: 'secrets/private-key',
    keyMaterial: true,
    title: 'Private key (PEM / OpenSSH)',
    provider: 'PEM',
    keywords: ['private key-----'],
    // The block, BEGIN to the matching END; also inside JSON strings and code, where lines end in `\n`.
    pattern: /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY)-----(?:(?!-----)[\s\S]){32,65536}?-----END \1-----/,
    secretGroup: 0,
    checksum: 'private-key-block',
    multiline: true,
    priority: -1,
    docs: 'https://www.rfc-editor.org/rfc/rfc7468#section-10',
    revoke: 'https://docs.github.com/en/authentication/connecting-to-github-with-ssh/reviewing-your-ssh-keys',
  },
  {
    id: 'secrets/private-key-base64',
    keyMaterial: true,
    title: 'Private key, base64-encoded PEM (kubeconfig client-key-data, CI variables)',
    provider: 'PEM',
    keywords: ['ls0tls1crudjti'],
    // "-----BEGIN" in base64 is LS0tLS1CRUdJTi; the validator decodes the block and checks it is a key.
    pattern: /\b(LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,20000}={0,2})(?![A-Za-z0-9+/=])/,
    checksum: 'private-key-base64',
    maxLength: 20100,
    docs: 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/',
    revoke: 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/',
  },
  {
    id: 'secrets/pgp-private-key',
    keyMaterial: true,
    title: 'PGP private key block',
    provider: 'OpenPGP',
    keywords: ['pgp private key block'],
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----(?:(?!-----)[\s\S]){32,65536}?-----END PGP PRIVATE KEY BLOCK-----/,
    secretGroup: 0,
    checksum: 'private-key-block',
    multiline: true,
    docs: 'https://www.rfc-editor.org/rfc/rfc9580#section-6.2',
    revoke: 'https://www.gnupg.org/gph/en/manual/c14.html',
  },
  {
    id: 'secrets/putty-private-key',
    keyMaterial: true,
    title: 'PuTTY private key',
    provider: 'PuTTY',
    // Key material, with its MAC.
    confidence: 'high',
    keywords: ['putty-user-key-file-'],
    // The headers up to Private-Lines stop at the next key's first line, as a block's body does at BEGIN.
    pattern: /PuTTY-User-Key-File-[23]: [\w@.-]{3,60}\r?\nEncryption: [\w-]{2,30}\r?\n(?:(?!PuTTY-User-Key-File-)[\s\S]){0,65536}?Private-Lines: \d{1,4}\r?\n[A-Za-z0-9+/=\r\n]{32,65536}?Private-MAC: [0-9a-f]{40,64}/,
    secretGroup: 0,
    multiline: true,
    docs: 'https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html',
    revoke: 'https://the.earth.li/~sgtatham/putty/0.78/htmldoc/Chapter8.html',
  },
  {
    id: 'secrets/age-secret-key',
    keyMaterial: true,
    title: 'age secret key',
    provider: 'age',
    keywords: ['age-secret-key-1'],
    pattern: /\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b/,
    checksum: 'bech32',
    prefixLength: 16,
    docs: 'https://github.com/C2SP/C2SP/blob/main/age.md',
    revoke: 'https://github.com/FiloSottile/age#readme',
  },
];
