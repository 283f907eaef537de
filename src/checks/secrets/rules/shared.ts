// Building blocks for rule patterns. Every pattern must stay free of nested quantifiers (the detector's
// tests check each one with safe-regex2): optional parts that repeat are written as alternations instead.

/** `KEY = value`, `KEY: value`, `"KEY": "value"`, `KEY := value`, `KEY => value`, `--key=value` separators. */
// Up to 40 blanks before the separator: `terraform fmt` and `gofmt` align assignments.
const SEP = `["']?\\]?[ \\t]{0,40}(?::=|=>|[:=])[ \\t]{0,4}["'\`]?`;

/**
 * A value under a key, which may have a prefix (`billing.twilio.auth-token`, `PROD_DD_API_KEY`):
 * `(?<key>…)` is the key (its name is checked by the filters), `(?<secret>…)` the
 * value. `key` and `value` are pattern sources without nested quantifiers; `end` is the lookahead that ends
 * the value (by default: no further character of a base64 alphabet).
 */
export function keyed(key: string, value: string, end = '(?![A-Za-z0-9+/=_-])', flags = 'i'): RegExp {
  return new RegExp(`(?:^|[^\\w.-])(?<key>[\\w.-]{0,40}${key})${SEP}(?<secret>${value})${end}`, flags);
}

/** A token with a literal prefix: at a word boundary, and ending where its alphabet ends. */
export function prefixed(body: string, end = '(?![A-Za-z0-9_-])', flags = ''): RegExp {
  return new RegExp(`\\b(${body})${end}`, flags);
}

export const DOCS = {
  github: 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats',
  gitlab: 'https://docs.gitlab.com/security/tokens/#token-prefixes',
  aws: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  slack: 'https://api.slack.com/authentication/token-types',
  stripe: 'https://docs.stripe.com/keys',
} as const;
