// A stand-in for the detector and rules catalogue of the secrets-rules branch, so that this branch builds
// and its tests run before that branch lands. catalogue.ts switches to the real ones; delete this then.
import type { Detector, DetectorOptions, SecretMatch, SecretRule } from './types.js';

export function createDetector(rules: readonly SecretRule[], _options: DetectorOptions = {}): Detector {
  const compiled = rules.map((rule) => ({ rule, re: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('g', '')}g`) }));
  return {
    rules,
    scan(text: string): SecretMatch[] {
      const lower = text.toLowerCase();
      const out: SecretMatch[] = [];
      for (const { rule, re } of compiled) {
        if (rule.keywords.length && !rule.keywords.some((k) => lower.includes(k))) continue;
        re.lastIndex = 0;
        for (const m of text.matchAll(re)) {
          const secret = m[1] ?? m[0];
          if (/EXAMPLE/.test(secret)) continue;
          const start = (m.index ?? 0) + m[0].indexOf(secret);
          out.push({ rule, secret, start, end: start + secret.length, matchStart: m.index ?? 0, matchEnd: (m.index ?? 0) + m[0].length });
        }
      }
      return out.sort((a, b) => a.start - b.start);
    },
  };
}

export const SECRET_RULES: SecretRule[] = [
  {
    id: 'secrets/github-pat',
    title: 'GitHub personal access token (classic)',
    provider: 'GitHub',
    keywords: ['ghp_'],
    pattern: /\b(ghp_[A-Za-z0-9]{36})\b/,
    prefixLength: 4,
    revoke: 'https://github.com/settings/tokens',
    docs: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats',
  },
  { id: 'secrets/aws-access-key-id', title: 'AWS access key ID', provider: 'AWS', keywords: ['akia'], pattern: /\b(AKIA[A-Z2-7]{16})\b/, prefixLength: 4 },
  {
    id: 'secrets/private-key',
    title: 'Private key',
    provider: 'PEM',
    keywords: ['-----begin'],
    pattern: /(-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |EC |OPENSSH )?PRIVATE KEY-----)/,
    multiline: true,
  },
];
