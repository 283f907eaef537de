// For each verifier: a credential in its exact published format (random, never real), the file that
// carries it (so the detector finds it under a rule the verifier takes), and what the provider answers
// for a live and for a revoked credential: status codes and body shapes from each provider's API
// documentation (the page in the verifier's `docs`). A verifier without an entry here fails the tests.
import { SampleRandom, githubToken, npmToken } from '../helpers/secret-samples.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface VerifySample {
  secret: string;
  /** The partner value (AWS access key ID, Twilio Account SID), when the verifier needs one. */
  partner?: string;
  path: string;
  text: string;
  live: Answer;
  invalid: Answer;
  /** What an `invalid` answer becomes: the providers whose formats self-hosted installations share say `unknown`. */
  invalidMeans?: 'not-authoritative';
  /** The provider's own rate-limit answer, when it is not a plain 429. */
  rateLimited?: Answer;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({ status, body: JSON.stringify(body), ...(headers ? { headers } : {}) });
const xml = (status: number, body: string): Answer => ({ status, body, headers: { 'content-type': 'text/xml' } });
const stsError = (code: string, message: string) =>
  `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>4ab0f7e2-1f2e-4b39-9c4a-2b6a7f1c0e01</RequestId></ErrorResponse>`;

export function verifySamples(seed = 20): Record<string, VerifySample> {
  const r = new SampleRandom(seed);
  const gh = githubToken(r);
  const glpat = `glpat-${r.chars(ALNUM, 20)}`;
  const xoxb = `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`;
  const discordBot = `${Buffer.from(r.digits(18)).toString('base64').replace(/=+$/, '')}.${r.chars(`${ALNUM}-_`, 6)}.${r.chars(`${ALNUM}-_`, 38)}`;
  const hook = `https://discord.com/api/webhooks/${r.digits(18)}/${r.chars(`${ALNUM}-_`, 68)}`;
  const telegram = `${r.digits(10)}:AA${r.chars(`${ALNUM}-_`, 33)}`;
  const sg = `SG.${r.chars(`${ALNUM}-_`, 22)}.${r.chars(`${ALNUM}-_`, 43)}`;
  const twilioSid = `AC${r.chars(HEX, 32)}`;
  const twilioToken = r.chars(HEX, 32);
  const openai = `sk-proj-${r.chars(`${ALNUM}-_`, 74)}T3BlbkFJ${r.chars(`${ALNUM}-_`, 74)}`;
  const anthropic = `sk-ant-api03-${r.chars(`${ALNUM}-_`, 93)}AA`;
  const hf = `hf_${r.chars(ALNUM.slice(0, 52), 34)}`;
  const groq = `gsk_${r.chars(ALNUM, 52)}`;
  const replicate = `r8_${r.chars(ALNUM, 37)}`;
  const stripe = `sk_live_${r.chars(ALNUM, 24)}`;
  const npm = npmToken(r);
  const doToken = `dop_v1_${r.chars(HEX, 64)}`;
  const netlify = `nfp_${r.chars(ALNUM, 36)}`;
  const heroku = `HRKU-${r.chars(`${ALNUM}-_`, 60)}`;
  const doppler = `dp.pt.${r.chars(ALNUM, 43)}`;
  const circle = `CCIPAT_${r.chars(ALNUM, 22)}_${r.chars(HEX, 40)}`;
  const buildkite = `bkua_${r.chars(HEX, 40)}`;
  const sbp = `sbp_${r.chars(HEX, 40)}`;
  const notion = `ntn_${r.chars(ALNUM, 46)}`;
  const postman = `PMAK-${r.chars(HEX, 24)}-${r.chars(HEX, 34)}`;
  const dd = r.chars(HEX, 32);
  const awsId = `AKIA${r.chars(BASE32, 16)}`;
  const awsSecret = r.chars(BASE64, 40);

  return {
    github: {
      secret: gh,
      path: 'scripts/release.sh',
      text: `export GITHUB_TOKEN=${gh}\n`,
      live: json(200, { login: 'octocat', id: 1, type: 'User' }),
      invalid: json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }),
      invalidMeans: 'not-authoritative',
      rateLimited: json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0' }),
    },
    gitlab: {
      secret: glpat,
      path: '.gitlab/ci-token.txt',
      text: `GITLAB_TOKEN="${glpat}"\n`,
      live: json(200, { id: 1, username: 'john_smith', state: 'active' }),
      invalid: json(401, { message: '401 Unauthorized' }),
      invalidMeans: 'not-authoritative',
    },
    slack: {
      secret: xoxb,
      path: 'services/notify/slack.py',
      text: `SLACK_BOT_TOKEN = "${xoxb}"\n`,
      live: json(200, { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'notify', team_id: 'T12345', user_id: 'U12345' }),
      // Slack's Web API answers 200 with ok: false.
      invalid: json(200, { ok: false, error: 'invalid_auth' }),
      rateLimited: json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '30' }),
    },
    'discord-bot': {
      secret: discordBot,
      path: 'bot/discord.js',
      text: `client.login('${discordBot}');\n`,
      live: json(200, { id: '80351110224678912', username: 'acme-bot', bot: true }),
      invalid: json(401, { message: '401: Unauthorized', code: 0 }),
    },
    'discord-webhook': {
      secret: hook,
      path: 'bot/hooks.json',
      text: `{ "webhook": "${hook}" }\n`,
      live: json(200, { type: 1, id: '223704706495545344', name: 'deploys', channel_id: '199737254929760256' }),
      invalid: json(404, { message: 'Unknown Webhook', code: 10015 }),
    },
    telegram: {
      secret: telegram,
      path: 'bot/telegram.py',
      text: `bot = telegram.Bot(token="${telegram}")\n`,
      live: json(200, { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Acme', username: 'acme_bot' } }),
      invalid: json(401, { ok: false, error_code: 401, description: 'Unauthorized' }),
    },
    sendgrid: {
      secret: sg,
      path: 'src/mail/sendgrid.ts',
      text: `sgMail.setApiKey('${sg}');\n`,
      live: json(200, { scopes: ['mail.send', 'alerts.read'] }),
      invalid: json(401, { errors: [{ field: null, message: 'authorization required' }] }),
    },
    twilio: {
      secret: twilioToken,
      partner: twilioSid,
      path: 'src/sms/twilio.py',
      text: `TWILIO_ACCOUNT_SID = "${twilioSid}"\nTWILIO_AUTH_TOKEN = "${twilioToken}"\n`,
      live: json(200, { sid: twilioSid, friendly_name: 'Acme', status: 'active', type: 'Full' }),
      invalid: json(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }),
    },
    openai: {
      secret: openai,
      path: 'ai/client.py',
      text: `client = OpenAI(api_key="${openai}")\n`,
      live: json(200, { object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' }] }),
      invalid: json(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }),
    },
    anthropic: {
      secret: anthropic,
      path: 'ai/claude.ts',
      text: `const anthropic = new Anthropic({ apiKey: '${anthropic}' });\n`,
      live: json(200, { data: [{ type: 'model', id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4' }], has_more: true, first_id: 'a', last_id: 'a' }),
      invalid: json(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
      rateLimited: json(429, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' } }, { 'retry-after': '10' }),
    },
    huggingface: {
      secret: hf,
      path: 'ml/download.py',
      text: `HF_TOKEN = "${hf}"\n`,
      live: json(200, { type: 'user', name: 'acme', auth: { type: 'access_token' } }),
      invalid: json(401, { error: 'Invalid credentials in Authorization header' }),
    },
    groq: {
      secret: groq,
      path: 'ai/groq.ts',
      text: `const groq = new Groq({ apiKey: '${groq}' });\n`,
      live: json(200, { object: 'list', data: [{ id: 'llama-3.3-70b-versatile', object: 'model', owned_by: 'Meta' }] }),
      invalid: json(401, { error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }),
    },
    replicate: {
      secret: replicate,
      path: 'ml/replicate.py',
      text: `REPLICATE_API_TOKEN = "${replicate}"\n`,
      live: json(200, { type: 'organization', username: 'acme', name: 'Acme', github_url: null }),
      invalid: json(401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 }),
    },
    stripe: {
      secret: stripe,
      path: 'src/billing/stripe.ts',
      text: `export const stripe = new Stripe('${stripe}');\n`,
      live: json(200, { id: 'acct_1032D82eZvKYlo2C', object: 'account', charges_enabled: true }),
      invalid: json(401, { error: { message: 'Invalid API Key provided: sk_live_****', type: 'invalid_request_error' } }),
    },
    npm: {
      secret: npm,
      path: '.npmrc',
      text: `//registry.npmjs.org/:_authToken=${npm}\n`,
      live: json(200, { username: 'acme-bot' }),
      invalid: json(401, { error: 'You must be logged in to whoami' }),
    },
    digitalocean: {
      secret: doToken,
      path: 'infra/do.tf',
      text: `provider "digitalocean" {\n  token = "${doToken}"\n}\n`,
      live: json(200, { account: { droplet_limit: 25, email: 'ops@example.com', uuid: 'b6fr89dbf6d9156cace5f3c78dc9851d957381ef', status: 'active' } }),
      invalid: json(401, { id: 'Unauthorized', message: 'Unable to authenticate you.' }),
    },
    netlify: {
      secret: netlify,
      path: 'deploy/netlify.toml',
      text: `[build.environment]\n  NETLIFY_AUTH_TOKEN = "${netlify}"\n`,
      live: json(200, { id: '5c1fb2d4d6b4f0a1', full_name: 'Acme Ops', email: 'ops@example.com' }),
      invalid: json(401, { code: 401, message: 'Access Denied: Invalid token' }),
    },
    heroku: {
      secret: heroku,
      path: 'deploy/heroku.sh',
      text: `heroku config:set --app acme HEROKU_API_KEY=${heroku}\n`,
      live: json(200, { id: '01234567-89ab-cdef-0123-456789abcdef', email: 'ops@example.com', verified: true }),
      invalid: json(401, { id: 'unauthorized', message: 'Invalid credentials provided.' }),
    },
    doppler: {
      secret: doppler,
      path: 'deploy/doppler.sh',
      text: `export DOPPLER_TOKEN="${doppler}"\n`,
      live: json(200, { workplace: { slug: 'acme', name: 'Acme' }, type: 'personal', token_preview: 'dp.pt.abc…', name: 'ci' }),
      invalid: json(401, { messages: ['Invalid Auth token'], success: false }),
    },
    circleci: {
      secret: circle,
      path: '.circleci/token.env',
      text: `CIRCLECI_TOKEN=${circle}\n`,
      live: json(200, { id: '97a3b9a2-6c8e-4d3e-a5c9-1c2e3f4a5b6c', login: 'acme-bot', name: 'Acme Bot' }),
      invalid: json(401, { message: 'You must log in first.' }),
    },
    buildkite: {
      secret: buildkite,
      path: '.buildkite/token.env',
      text: `BUILDKITE_API_TOKEN=${buildkite}\n`,
      live: json(200, { uuid: 'b63254c0-3271-4a98-8270-7cfbd6c2f14e', scopes: ['read_builds'] }),
      invalid: json(401, { message: 'Authentication required. Please supply a valid API Access Token' }),
    },
    supabase: {
      secret: sbp,
      path: 'supabase/deploy.sh',
      text: `export SUPABASE_ACCESS_TOKEN=${sbp}\n`,
      live: json(200, [{ id: 'abcdefghijklmnopqrst', name: 'acme', region: 'eu-central-1' }]),
      invalid: json(401, { message: 'Unauthorized' }),
    },
    notion: {
      secret: notion,
      path: 'tools/notion.js',
      text: `const notion = new Client({ auth: "${notion}" });\n`,
      live: json(200, { object: 'user', id: '16d84278-ab0e-484c-9bdd-b35da3bd8905', type: 'bot', bot: {} }),
      invalid: json(401, { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' }),
    },
    postman: {
      secret: postman,
      path: 'postman/env.json',
      text: `{ "key": "postman_api_key", "value": "${postman}" }\n`,
      live: json(200, { user: { id: 12345678, username: 'acme', teamId: 0 } }),
      invalid: json(401, { error: { name: 'AuthenticationError', message: 'Invalid API Key. Every request requires a valid API Key to be sent.' } }),
    },
    datadog: {
      secret: dd,
      path: 'deploy/datadog.yaml',
      text: `datadog:\n  DD_API_KEY: ${dd}\n`,
      live: json(200, { valid: true }),
      invalid: json(403, { errors: ['Forbidden'] }),
    },
    aws: {
      secret: awsSecret,
      partner: awsId,
      path: 'config/aws-prod.ini',
      text: `[prod]\naws_access_key_id = ${awsId}\naws_secret_access_key = ${awsSecret}\n`,
      live: xml(
        200,
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/deploy</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      ),
      invalid: xml(403, stsError('InvalidClientTokenId', 'The security token included in the request is invalid.')),
      rateLimited: xml(400, stsError('Throttling', 'Rate exceeded')),
    },
  };
}
