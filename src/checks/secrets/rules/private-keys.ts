// Private keys: PEM (PKCS#1, SEC1, PKCS#8, OpenSSH), PGP, PuTTY, age. Multi-line blocks, reported once.
import type { SecretRule } from '../types.js';

export const PRIVATE_KEY_RULES: SecretRule[] = [
  {
    id: 'secrets/private-key',
    title: 'Private key (PEM / OpenSSH)',
    provider: 'PEM',
    keywords: ['private key-----'],
    // The block, BEGIN to the matching END; also inside JSON strings and code, where lines end in `\n`.
    pattern: /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |SSH2 ENCRYPTED )?PRIVATE KEY)-----[\s\S]{32,65536}?-----END \1-----/,
    secretGroup: 0,
    checksum: 'private-key-block',
    multiline: true,
    priority: -1,
    docs: 'https://www.rfc-editor.org/rfc/rfc7468#section-10',
    revoke: 'https://docs.github.com/en/authentication/connecting-to-github-with-ssh/reviewing-your-ssh-keys',
  },
  {
    id: 'secrets/pgp-private-key',
    title: 'PGP private key block',
    provider: 'OpenPGP',
    keywords: ['pgp private key block'],
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]{32,65536}?-----END PGP PRIVATE KEY BLOCK-----/,
    secretGroup: 0,
    checksum: 'private-key-block',
    multiline: true,
    docs: 'https://www.rfc-editor.org/rfc/rfc9580#section-6.2',
    revoke: 'https://www.gnupg.org/gph/en/manual/c14.html',
  },
  {
    id: 'secrets/putty-private-key',
    title: 'PuTTY private key',
    provider: 'PuTTY',
    keywords: ['putty-user-key-file-'],
    pattern: /PuTTY-User-Key-File-[23]: [\w@.-]{3,60}\r?\nEncryption: [\w-]{2,30}\r?\n[\s\S]{0,65536}?Private-Lines: \d{1,4}\r?\n[A-Za-z0-9+/=\r\n]{32,65536}?Private-MAC: [0-9a-f]{40,64}/,
    secretGroup: 0,
    multiline: true,
    docs: 'https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html',
    revoke: 'https://the.earth.li/~sgtatham/putty/0.78/htmldoc/Chapter8.html',
  },
  {
    id: 'secrets/age-secret-key',
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
