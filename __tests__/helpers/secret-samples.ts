// Real-format credentials for tests and the benchmark, generated from a seed: the exact published shapes
// (prefix, length, alphabet, checksum) with random bodies, so they are valid-looking and never real.
// No vitest import: the benchmark uses this file too.
import { generateKeyPairSync } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const UPPER_HEX = '0123456789ABCDEF';
const BASE64 = `${ALNUM}+/`;
const BASE64URL = `${ALNUM}-_`;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

/** Seeded generator of random strings (xorshift32), deterministic across machines. */
export class SampleRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x2545f491;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  digits(n: number): string {
    return String(1 + Math.floor(this.next() * 9)) + this.chars('0123456789', n - 1);
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n: number, width: number): string {
  let out = '';
  let v = n;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_): 30 random base62 characters and their CRC32 in base62. */
export function githubToken(r: SampleRandom, prefix = 'ghp_'): string {
  const body = r.chars(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** An npm token (npm_): 30 random characters and their CRC32, as GitHub's formats. */
export function npmToken(r: SampleRandom): string {
  const body = r.chars(ALNUM, 30);
  return `npm_${body}${base62(crc32(body), 6)}`;
}

const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i] as number;
  }
  return chk >>> 0;
}

/** A Bech32 string (BIP 173) of `bytes` under `hrp`, with its checksum, in upper case (as age prints secret keys). */
export function bech32Upper(hrp: string, bytes: Uint8Array): string {
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const h = hrp.toLowerCase();
  const expanded = [...[...h].map((c) => c.charCodeAt(0) >>> 5), 0, ...[...h].map((c) => c.charCodeAt(0) & 31)];
  const mod = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  const charset = BECH32.toLowerCase();
  return `${hrp}1${[...data, ...checksum].map((v) => charset[v]).join('')}`.toUpperCase();
}

function pem(label: string, body: string, width = 64): string {
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += width) lines.push(body.slice(i, i + width));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

function jwt(r: SampleRandom, payload: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}.${r.chars(BASE64URL, 43)}`;
}

/** One planted credential: the file text around it, and what must never appear in any output. */
export interface Sample {
  /** Short name, for messages. */
  name: string;
  /** The raw secret as the detector reports it. */
  secret: string;
  /** Characters at its start that are public (a published prefix, a webhook host): they may appear in outputs. */
  prefix: number;
  /** A file path that suits it, and the line(s) that carry it. */
  path: string;
  text: string;
}

let keyCache: { rsa: string; ec: string; ed: string } | undefined;

/** Real private keys are slow to generate; one of each kind per process is enough. */
function privateKeys(): { rsa: string; ec: string; ed: string } {
  keyCache ??= {
    rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString().trim(),
    ec: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString().trim(),
    ed: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
  };
  return keyCache;
}

/**
 * At least 60 distinct real-format credentials from many providers, each in a realistic file. The same
 * seed gives the same samples.
 */
export function secretSamples(seed = 7): Sample[] {
  const r = new SampleRandom(seed);
  const s: Sample[] = [];
  const add = (name: string, secret: string, prefix: number, path: string, text: string) => s.push({ name, secret, prefix, path, text });

  const awsId = `AKIA${r.chars(BASE32, 16)}`;
  const awsSecret = r.chars(BASE64, 40);
  add('aws-access-key-id', awsId, 4, 'config/aws.ini', `[default]\naws_access_key_id = ${awsId}\n`);
  add('aws-secret-access-key', awsSecret, 0, 'config/aws-prod.ini', `[prod]\naws_access_key_id = AKIA${r.chars(BASE32, 16)}\naws_secret_access_key = ${awsSecret}\n`);
  for (const p of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_']) {
    const t = githubToken(r, p);
    add(`github-${p}`, t, 4, `scripts/github-${p.slice(0, 3)}.sh`, `export GITHUB_TOKEN=${t}\n`);
  }
  const fine = `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`;
  add('github-fine-grained', fine, 11, 'tools/release.ts', `const token = '${fine}';\n`);
  const glpat = `glpat-${r.chars(`${ALNUM}-_`, 20)}`;
  add('gitlab-pat', glpat, 6, '.gitlab/ci-token.txt', `GITLAB_TOKEN="${glpat}"\n`);
  const xoxb = `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`;
  add('slack-bot', xoxb, 5, 'services/notify/slack.py', `SLACK_BOT_TOKEN = "${xoxb}"\n`);
  const xoxp = `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.chars(HEX, 32)}`;
  add('slack-user', xoxp, 5, 'services/notify/user.py', `token = "${xoxp}"\n`);
  const hook = `https://hooks.slack.com/services/T${r.chars(UPPER_ALNUM, 8)}/B${r.chars(UPPER_ALNUM, 10)}/${r.chars(ALNUM, 24)}`;
  add('slack-webhook', hook, 'https://hooks.slack.com/services/'.length, 'config/alerts.yml', `alerts:\n  slack: ${hook}\n`);
  const stripe = `sk_live_${r.chars(ALNUM, 24)}`;
  add('stripe-live', stripe, 8, 'src/billing/stripe.ts', `export const stripe = new Stripe('${stripe}');\n`);
  const rk = `rk_live_${r.chars(ALNUM, 24)}`;
  add('stripe-restricted', rk, 8, 'src/billing/reports.ts', `const key = "${rk}";\n`);
  const gkey = `AIza${r.chars(`${ALNUM}-_`, 35)}`;
  add('google-api-key', gkey, 4, 'web/maps.js', `const MAPS_KEY = "${gkey}";\n`);
  const azure = `${r.chars(BASE64, 86)}==`;
  add('azure-storage', azure, 0, 'appsettings.json', `{\n  "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${azure};EndpointSuffix=core.windows.net"\n}\n`);
  const npm = npmToken(r);
  add('npm', npm, 4, '.npmrc', `//registry.npmjs.org/:_authToken=${npm}\n`);
  const pypi = `pypi-AgEIcHlwaS5vcmc${r.chars(BASE64URL, 70)}`;
  add('pypi', pypi, 5, '.pypirc', `[pypi]\nusername = __token__\npassword = ${pypi}\n`);
  const gem = `rubygems_${r.chars(HEX, 48)}`;
  add('rubygems', gem, 9, '.gem/credentials', `---\n:rubygems_api_key: ${gem}\n`);
  const docker = `dckr_pat_${r.chars(`${ALNUM}-_`, 27)}`;
  add('dockerhub', docker, 9, 'deploy/push.sh', `echo "${docker}" | docker login -u acme --password-stdin\n`);
  const openai = `sk-proj-${r.chars(`${ALNUM}-_`, 74)}T3BlbkFJ${r.chars(`${ALNUM}-_`, 74)}`;
  add('openai', openai, 8, 'ai/client.py', `client = OpenAI(api_key="${openai}")\n`);
  const anthropic = `sk-ant-api03-${r.chars(`${ALNUM}-_`, 93)}AA`;
  add('anthropic', anthropic, 13, 'ai/claude.ts', `const anthropic = new Anthropic({ apiKey: '${anthropic}' });\n`);
  const hf = `hf_${r.chars(ALNUM.slice(0, 52), 34)}`;
  add('huggingface', hf, 3, 'ml/download.py', `HF_TOKEN = "${hf}"\n`);
  const sg = `SG.${r.chars(`${ALNUM}-_`, 22)}.${r.chars(`${ALNUM}-_`, 43)}`;
  add('sendgrid', sg, 3, 'src/mail/sendgrid.ts', `sgMail.setApiKey('${sg}');\n`);
  const mailgun = `${r.chars(HEX, 32)}-${r.chars(HEX, 8)}-${r.chars(HEX, 8)}`;
  add('mailgun', mailgun, 0, 'src/mail/mailgun.ts', `const mailgun = mg.client({ username: 'api', key: '${mailgun}' });\n`);
  const twilioSk = `SK${r.chars(HEX, 32)}`;
  add('twilio-api-key', twilioSk, 2, 'src/sms/twilio.ts', `const twilioApiKey = '${twilioSk}';\n`);
  const shopify = `shpat_${r.chars(HEX, 32)}`;
  add('shopify', shopify, 6, 'shop/admin.rb', `ShopifyAPI::Context.setup(api_key: "x", api_secret_key: "${shopify}")\n`);
  const doToken = `dop_v1_${r.chars(HEX, 64)}`;
  add('digitalocean', doToken, 7, 'infra/do.tf', `provider "digitalocean" {\n  token = "${doToken}"\n}\n`);
  const vault = `hvs.${r.chars(`${ALNUM}-_`, 90)}`;
  add('vault', vault, 4, 'infra/vault.env', `VAULT_TOKEN=${vault}\n`);
  const tfc = `${r.chars(ALNUM, 14)}.atlasv1.${r.chars(ALNUM, 67)}`;
  add('terraform-cloud', tfc, 0, 'infra/.terraformrc', `credentials "app.terraform.io" {\n  token = "${tfc}"\n}\n`);
  const dapi = `dapi${r.chars(HEX, 32)}`;
  add('databricks', dapi, 4, 'notebooks/job.py', `DATABRICKS_TOKEN = "${dapi}"\n`);
  const dd = r.chars(HEX, 32);
  add('datadog', dd, 0, 'deploy/datadog.yaml', `datadog:\n  DD_API_KEY: ${dd}\n`);
  const nr = `NRAK-${r.chars(UPPER_ALNUM, 27)}`;
  add('newrelic', nr, 5, 'newrelic.js', `exports.config = { license_key: 'x', api_key: '${nr}' };\n`);
  const grafana = `glsa_${r.chars(ALNUM, 32)}_${r.chars(HEX, 8)}`;
  add('grafana', grafana, 5, 'monitoring/grafana.env', `GRAFANA_TOKEN=${grafana}\n`);
  const sentryPayload = Buffer.from(JSON.stringify({ iat: 1700000000.1, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })).toString('base64').replace(/=+$/, '');
  const sentry = `sntrys_${sentryPayload}_${r.chars(`${ALNUM}+/`, 43)}`;
  add('sentry', sentry, 7, 'sentry.properties', `auth.token=${sentry}\n`);
  const linear = `lin_api_${r.chars(ALNUM, 40)}`;
  add('linear', linear, 8, 'tools/linear.ts', `const linear = new LinearClient({ apiKey: '${linear}' });\n`);
  const notion = `secret_${r.chars(ALNUM, 43)}`;
  add('notion', notion, 7, 'tools/notion.js', `const notion = new Client({ auth: "${notion}" });\n`);
  const atlassian = `ATATT3xFfGF0${r.chars(`${ALNUM}-_=`, 170)}=${r.chars(UPPER_HEX, 8)}`;
  add('atlassian', atlassian, 12, 'tools/jira.py', `JIRA_API_TOKEN = "${atlassian}"\n`);
  const postman = `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`;
  add('postman', postman, 5, 'postman/env.json', `{ "key": "postman_api_key", "value": "${postman}" }\n`);
  const square = `EAAA${r.chars(`${ALNUM}-_`, 60)}`;
  add('square', square, 4, 'payments/square.ts', `const client = new Client({ accessToken: '${square}' });\n`);
  const braintree = `access_token$production$${r.chars(LOWER + '0123456789', 16)}$${r.chars(HEX, 32)}`;
  add('braintree', braintree, 24, 'payments/braintree.rb', `gateway = Braintree::Gateway.new(access_token: "${braintree}")\n`);
  const doppler = `dp.pt.${r.chars(ALNUM, 43)}`;
  add('doppler', doppler, 6, 'deploy/doppler.sh', `export DOPPLER_TOKEN="${doppler}"\n`);
  const pscale = `pscale_tkn_${r.chars(`${ALNUM}-_`, 43)}`;
  add('planetscale', pscale, 11, 'db/planetscale.env', `PLANETSCALE_SERVICE_TOKEN=${pscale}\n`);
  const sbp = `sbp_${r.chars(HEX, 40)}`;
  add('supabase', sbp, 4, 'supabase/deploy.sh', `export SUPABASE_ACCESS_TOKEN=${sbp}\n`);
  const vercel = r.chars(ALNUM, 24);
  add('vercel', vercel, 0, 'deploy/vercel.sh', `VERCEL_TOKEN=${vercel} vercel deploy --prod\n`);
  const netlify = `nfp_${r.chars(ALNUM, 36)}`;
  add('netlify', netlify, 4, 'deploy/netlify.toml', `[build.environment]\n  NETLIFY_AUTH_TOKEN = "${netlify}"\n`);
  const heroku = `HRKU-${r.chars(`${ALNUM}-_`, 60)}`;
  add('heroku', heroku, 5, 'deploy/heroku.sh', `heroku config:set --app acme HEROKU_API_KEY=${heroku}\n`);
  const cfToken = r.chars(`${ALNUM}-_`, 40);
  add('cloudflare', cfToken, 0, 'infra/cloudflare.env', `CLOUDFLARE_API_TOKEN=${cfToken}\n`);
  // base64 of the bot's numeric user id (a snowflake), a timestamp part, an HMAC.
  const discordBot = `${Buffer.from(r.digits(18)).toString('base64').replace(/=+$/, '')}.${r.chars(`${ALNUM}-_`, 6)}.${r.chars(`${ALNUM}-_`, 38)}`;
  add('discord-bot', discordBot, 0, 'bot/discord.js', `client.login('${discordBot}');\n`);
  const discordHook = `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(`${ALNUM}-_`, 68)}`;
  add('discord-webhook', discordHook, 'https://discord.com/api/webhooks/'.length, 'bot/hooks.json', `{ "webhook": "${discordHook}" }\n`);
  const telegram = `${r.digits(10)}:AA${r.chars(`${ALNUM}-_`, 33)}`;
  add('telegram', telegram, 0, 'bot/telegram.py', `bot = telegram.Bot(token="${telegram}")\n`);
  const age = bech32Upper('AGE-SECRET-KEY-', Uint8Array.from({ length: 32 }, () => Math.floor(r.next() * 256)));
  add('age', age, 15, 'keys/age.txt', `# created: 2024-01-01T00:00:00Z\n# public key: age1${r.chars(BECH32.toLowerCase(), 58)}\n${age}\n`);
  const keys = privateKeys();
  add('rsa-private-key', keys.rsa, 0, 'deploy/id_deploy.pem', `${keys.rsa}\n`);
  add('ec-private-key', keys.ec, 0, 'certs/server.key', `${keys.ec}\n`);
  add('pkcs8-private-key', keys.ed, 0, 'certs/signing.pem', `${keys.ed}\n`);
  const openssh = pem('OPENSSH PRIVATE KEY', `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW${r.chars(BASE64, 330)}`, 70);
  add('openssh-private-key', openssh, 0, 'ops/ssh/deploy_key', `${openssh}\n`);
  const pgp = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 64)}\n${r.chars(BASE64, 64)}\n=${r.chars(BASE64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`;
  add('pgp-private-key', pgp, 0, 'ops/release-signing.asc', `${pgp}\n`);
  const jwtToken = jwt(r, { iss: 'supabase', ref: r.chars(LOWER, 20), role: 'service_role', iat: 1700000000, exp: 2000000000 });
  add('jwt-service-role', jwtToken, 0, 'supabase/admin.ts', `const supabaseAdmin = createClient(url, '${jwtToken}');\n`);
  const pgPass = r.chars(ALNUM, 24);
  add('postgres-url', pgPass, 0, 'config/database.yml', `production:\n  url: postgres://app_user:${pgPass}@db.prod.acme-internal.net:5432/app\n`);
  const myPass = r.chars(ALNUM, 20);
  add('mysql-url', myPass, 0, 'config/mysql.env', `DATABASE_URL=mysql://admin:${myPass}@mysql.acme-prod.io:3306/shop\n`);
  const mongoPass = r.chars(ALNUM, 22);
  add('mongodb-url', mongoPass, 0, 'src/db/mongo.ts', `const uri = 'mongodb+srv://svc:${mongoPass}@cluster0.ab1cd.mongodb.net/prod';\n`);
  const redisPass = r.chars(ALNUM, 32);
  add('redis-url', redisPass, 0, 'config/cache.env', `REDIS_URL=redis://default:${redisPass}@redis-12345.c1.us-east-1-2.ec2.cloud.redislabs.com:12345\n`);
  const amqpPass = r.chars(ALNUM, 20);
  add('amqp-url', amqpPass, 0, 'config/queue.env', `AMQP_URL=amqps://worker:${amqpPass}@rabbit.acme-prod.io/vhost\n`);
  const basicPass = r.chars(ALNUM, 18);
  add('basic-auth-url', basicPass, 0, 'scripts/mirror.sh', `git clone https://deploy:${basicPass}@git.acme-corp.io/acme/app.git\n`);
  const k8s = Buffer.from(r.chars(ALNUM, 32)).toString('base64');
  add('k8s-secret', k8s, 0, 'deploy/k8s/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\ndata:\n  api-key: ${k8s}\n`);
  const generic = r.chars(ALNUM, 32);
  add('generic-password', generic, 0, 'src/settings.py', `DB_PASSWORD = "${generic}"\n`);
  const clientSecret = r.chars(`${ALNUM}~._-`, 40);
  add('generic-client-secret', clientSecret, 0, 'config/oauth.yml', `oauth:\n  client_id: acme-web\n  client_secret: ${clientSecret}\n`);
  const envSecret = r.chars(ALNUM, 48);
  add('generic-env', envSecret, 0, '.env.production', `NEXTAUTH_SECRET=${envSecret}\n`);
  const xmlPass = r.chars(ALNUM, 26);
  add('generic-xml', xmlPass, 0, 'src/main/resources/app.xml', `<config>\n  <password>${xmlPass}</password>\n</config>\n`);
  const tomlToken = r.chars(ALNUM, 36);
  add('generic-toml', tomlToken, 0, 'config/app.toml', `[service]\napi_token = "${tomlToken}"\n`);
  const propsSecret = r.chars(ALNUM, 30);
  add('generic-properties', propsSecret, 0, 'src/main/resources/application.properties', `spring.datasource.password=${propsSecret}\n`);
  return s;
}
