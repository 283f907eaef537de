// Generators for the labelled corpus: `⟦name→rule⟧` or `⟦name:arg→rule⟧` in a corpus file becomes a fresh
// format-valid fake credential (seeded, so every run sees the same text). Nothing real is committed.
import { ALNUM, BASE32, BASE64, BASE64URL, HEX, LETTERS, LOWER, UPPER_ALNUM, UPPER_HEX, type FakeRandom, ageKey, crcToken, jwt, pem } from './fakes.js';

type Generator = (r: FakeRandom, arg: string | undefined) => string;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const uuid = (r: FakeRandom) => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
const openai = (r: FakeRandom, prefix: string) => `${prefix}${r.chars(BASE64URL, 74)}T3BlbkFJ${r.chars(BASE64URL, 74)}`;
const size = (arg: string | undefined, fallback: number) => (arg ? Number(arg) : fallback);

/** 44 characters of base64 with exactly `n` slashes, none at either end or next to another. */
function base64WithSlashes(r: FakeRandom, n: number): string {
  const chars = [...r.chars(BASE64.replace('/', ''), 43)];
  for (let placed = 0; placed < n; ) {
    const at = r.int(1, 41);
    if (chars[at - 1] === '/' || chars[at] === '/' || chars[at + 1] === '/') continue;
    chars[at] = '/';
    placed++;
  }
  return `${chars.join('')}=`;
}

export const GENERATORS: Record<string, Generator> = {
  github: (r, arg) => crcToken(r, `${arg ?? 'ghp'}_`),
  'github-fine-grained': (r) => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`,
  glpat: (r) => `glpat-${r.chars(BASE64URL, 20)}`,
  gitlab: (r, arg) => `${arg}-${r.chars(BASE64URL, 20)}`,
  glptt: (r) => `glptt-${r.chars(HEX, 40)}`,
  akia: (r, arg) => `${arg ?? 'AKIA'}${r.chars(BASE32, 16)}`,
  'aws-secret': (r) => r.chars(BASE64, 40),
  'aws-session': (r) => `IQoJb3JpZ2luX2VjE${r.chars(BASE64, 320)}`,
  'google-refresh': (r) => `1//0${r.chars(BASE64URL, 100)}`,
  aiza: (r) => `AIza${r.chars(BASE64URL, 35)}`,
  gocspx: (r) => `GOCSPX-${r.chars(BASE64URL, 28)}`,
  'azure-storage': (r) => `${r.chars(BASE64, 86)}==`,
  'azure-sas-sig': (r) => `${r.chars(ALNUM, 43)}%3D`,
  'azure-ad': (r) => `${r.chars(ALNUM, 3)}8Q~${r.chars(`${ALNUM}_-.`, 31)}`,
  'slack-bot': (r) => `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
  'slack-user': (r) => `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`,
  'slack-app': (r) => `xapp-1-A${r.chars(UPPER_ALNUM, 10)}-${r.digits(13)}-${r.chars(HEX, 64)}`,
  'slack-webhook': (r) => `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 8)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`,
  'discord-bot': (r) => `${b64(r.digits(18)).replace(/=+$/, '')}.${r.chars(BASE64URL, 6)}.${r.chars(BASE64URL, 38)}`,
  'discord-webhook': (r) => `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(BASE64URL, 68)}`,
  telegram: (r) => `${r.digits(10)}:AA${r.chars(BASE64URL, 33)}`,
  'teams-webhook': (r) => `https://acme.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.chars(HEX, 32)}/${uuid(r)}`,
  sendgrid: (r) => `SG.${r.chars(BASE64URL, 22)}.${r.chars(BASE64URL, 43)}`,
  mailgun: (r) => `${r.chars(HEX, 32)}-${r.chars(HEX, 8)}-${r.chars(HEX, 8)}`,
  'mailgun-legacy': (r) => `key-${r.chars(HEX, 32)}`,
  mailchimp: (r) => `${r.chars(HEX, 32)}-us${r.int(1, 21)}`,
  'twilio-sk': (r) => `SK${r.chars(HEX, 32)}`,
  hex: (r, arg) => r.chars(HEX, size(arg, 32)),
  alnum: (r, arg) => r.chars(ALNUM, size(arg, 32)),
  b64url: (r, arg) => r.chars(BASE64URL, size(arg, 40)),
  b64: (r, arg) => r.chars(BASE64, size(arg, 40)),
  'azure-sak': (r) => `${r.chars(BASE64, 43)}=`,
  glc: (r) => `glc_${b64(JSON.stringify({ o: r.digits(6), n: 'stack-alloy-write', k: r.chars(ALNUM, 24), m: { r: 'prod-eu-west-2' } }))}`,
  uuid,
  password: (r, arg) => r.password(size(arg, 20)),
  stripe: (r, arg) => `${arg ?? 'sk_live'}_${r.chars(ALNUM, 24 + r.int(0, 75))}`,
  whsec: (r) => `whsec_${r.chars(ALNUM, 32)}`,
  square: (r) => `EAAA${r.chars(BASE64URL, 60)}`,
  'square-secret': (r) => `sq0csp-${r.chars(BASE64URL, 43)}`,
  braintree: (r) => `access_token$production$${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 16)}$${r.chars(HEX, 32)}`,
  shopify: (r, arg) => `${arg ?? 'shpat'}_${r.chars(HEX, 32)}`,
  npm: (r) => crcToken(r, 'npm_'),
  pypi: (r) => `pypi-AgEIcHlwaS5vcmc${r.chars(BASE64URL, 80)}`,
  rubygems: (r) => `rubygems_${r.chars(HEX, 48)}`,
  dockerhub: (r) => `dckr_pat_${r.chars(BASE64URL, 27)}`,
  nuget: (r) => `oy2${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 43)}`,
  openai: (r, arg) => openai(r, `sk-${arg ?? 'proj'}-`),
  anthropic: (r) => `sk-ant-api03-${r.chars(BASE64URL, 93)}AA`,
  hf: (r) => `hf_${r.chars(LETTERS, 34)}`,
  groq: (r) => `gsk_${r.chars(ALNUM, 52)}`,
  replicate: (r) => `r8_${r.chars(ALNUM, 37)}`,
  langsmith: (r) => `lsv2_pt_${r.chars(HEX, 32)}_${r.chars(HEX, 10)}`,
  digitalocean: (r) => `dop_v1_${r.chars(HEX, 64)}`,
  vault: (r) => `hvs.${r.chars(BASE64URL, 90)}`,
  tfc: (r) => `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`,
  pulumi: (r) => `pul-${r.chars(HEX, 40)}`,
  databricks: (r) => `dapi${r.chars(HEX, 32)}`,
  heroku: (r) => `HRKU-AA${r.chars(BASE64URL, 58)}`,
  netlify: (r) => `nfp_${r.chars(ALNUM, 36)}`,
  doppler: (r) => `dp.st.prd.${r.chars(ALNUM, 43)}`,
  tailscale: (r) => `tskey-auth-k${r.chars(ALNUM, 11)}CNTRL-${r.chars(ALNUM, 33)}`,
  sonar: (r) => `squ_${r.chars(HEX, 40)}`,
  nrak: (r) => `NRAK-${r.chars(UPPER_ALNUM, 27)}`,
  nral: (r) => `${r.chars(HEX, 36)}NRAL`,
  glsa: (r) => `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`,
  'sentry-org': (r) => `sntrys_${b64(JSON.stringify({ iat: 1712000000.5, url: 'https://sentry.io', region_url: 'https://de.sentry.io', org: 'acme' })).replace(/=+$/, '')}_${r.chars(`${ALNUM}+/`, 43)}`,
  'sentry-user': (r) => `sntryu_${r.chars(HEX, 64)}`,
  linear: (r) => `lin_api_${r.chars(ALNUM, 40)}`,
  notion: (r) => `ntn_${r.digits(11)}${r.chars(ALNUM, 35)}`,
  atlassian: (r) => `ATATT3xFfGF0${r.chars(`${ALNUM}-_`, 170)}=${r.chars(UPPER_HEX, 8)}`,
  postman: (r) => `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`,
  figma: (r) => `figd_${r.chars(BASE64URL, 40)}`,
  hubspot: (r) => `pat-eu1-${uuid(r)}`,
  pscale: (r, arg) => `pscale_${arg ?? 'pw'}_${r.chars(BASE64URL, 43)}`,
  supabase: (r) => `sbp_${r.chars(HEX, 40)}`,
  laravel: (r) => `base64:${r.chars(BASE64, 43)}=`,
  'k8s-b64': (r, arg) => b64(r.chars(ALNUM, size(arg, 24))),
  'basic-b64': (r) => b64(`svc-reporting:${r.chars(ALNUM, 20)}`),
  'npm-auth': (r) => b64(`ci-bot:${r.password(18)}`),
  'pem-b64': (r) => b64(`${pem(r, 'RSA PRIVATE KEY')}\n`),
  'jwt-k8s': (r) => jwt(r, { iss: 'kubernetes/serviceaccount', 'kubernetes.io/serviceaccount/namespace': 'ci', 'kubernetes.io/serviceaccount/service-account.name': 'reader', sub: 'system:serviceaccount:ci:reader' }, { alg: 'RS256', kid: r.chars(BASE64URL, 43) }),
  jwt: (r) => jwt(r, { iss: 'supabase', ref: r.chars('abcdefghijklmnopqrstuvwxyz', 20), role: 'service_role', iat: 1712000000, exp: 2027576000 }),
  'jwt-api': (r) => jwt(r, { sub: `svc-${r.chars(HEX, 8)}`, scope: 'orders:write reports:read', iat: 1712000000 }, { alg: 'RS256', typ: 'JWT', kid: r.chars(HEX, 16) }),
  age: (r) => ageKey(r),
  rsa: (r) => pem(r, 'RSA PRIVATE KEY'),
  ec: (r) => pem(r, 'EC PRIVATE KEY', 121, 'MHcCAQEEI'),
  pkcs8: (r) => pem(r, 'PRIVATE KEY', 1218, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'),
  openssh: (r) => pem(r, 'OPENSSH PRIVATE KEY', 1800, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn'),
  'pkcs8-json': (r) => `${pem(r, 'PRIVATE KEY', 1218, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC').replace(/\n/g, '\\n')}\\n`,
  pgp: (r) => `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${(r.chars(BASE64, 960).match(/.{1,64}/g) ?? []).join('\n')}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`,
  'b64-slashes': (r, arg) => base64WithSlashes(r, size(arg, 2)),
  'docker-auth': (r) => b64(`deploy-bot:${r.password(22)}`),
  fcm: (r) => `AAAA${r.chars(BASE64URL, 7)}:APA91b${r.chars(BASE64URL, 134)}`,
  // Google shows app passwords as 16 random lower-case letters.
  'app-password': (r) => r.chars(LOWER, 16),
  'stripe-xxxx': (r) => `sk_live_${r.chars(ALNUM, 30)}xxxx${r.chars(ALNUM, 40)}`,
  'plaid-sandbox': (r) => `access-sandbox-${uuid(r)}`,
  'e2e-token': (r) => `e2e-${r.chars(ALNUM, 32)}`,
  /** A password with the punctuation HCL and shells care about. */
  punct: (r) => `${r.chars(ALNUM, 6)}#${r.chars(ALNUM, 4)};${r.chars(ALNUM, 5)}&${r.chars(ALNUM, 3)}!`,
  putty: (r) => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@build-01\nPublic-Lines: 2\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 20)}\nPrivate-Lines: 1\n${r.chars(BASE64, 44)}\nPrivate-MAC: ${r.chars(HEX, 64)}`,
};
