import type { VerifierSpec } from '../types.js';
import { bearer, byStatus, get, INVALID, jsonOf, LIVE, simple, UNEXPECTED, USER_AGENT } from './shared.js';

/** auth.test's errors that mean the token itself is dead (the others are about the call). */
const SLACK_DEAD = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'not_authed']);
const DISCORD_WEBHOOK = /^https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/([0-9]{17,20})\/([A-Za-z0-9_-]{60,68})$/;

export const MESSAGING_VERIFIERS: VerifierSpec[] = [
  {
    id: 'slack',
    provider: 'Slack',
    rules: ['secrets/slack-bot-token', 'secrets/slack-user-token', 'secrets/slack-legacy-token'],
    hosts: ['slack.com'],
    shape: /^xox[bpaors]-[0-9A-Za-z-]{10,200}$/,
    endpoint: 'POST /api/auth.test',
    docs: 'https://api.slack.com/methods/auth.test',
    // auth.test only reads who the token is; Slack's Web API takes its methods as POST.
    request: (token) => ({
      method: 'POST',
      path: '/api/auth.test',
      headers: { accept: 'application/json', 'user-agent': USER_AGENT, 'content-type': 'application/x-www-form-urlencoded', ...bearer(token) },
      body: '',
    }),
    interpret(response) {
      const body = response.status === 200 ? jsonOf(response) : undefined;
      if (body?.ok === true) return LIVE;
      if (body?.ok === false && typeof body.error === 'string' && SLACK_DEAD.has(body.error)) return INVALID;
      return UNEXPECTED;
    },
  },
  simple({
    id: 'discord-bot',
    provider: 'Discord',
    rules: ['secrets/discord-bot-token'],
    host: 'discord.com',
    path: '/api/v10/users/@me',
    auth: (token) => ({ authorization: `Bot ${token}` }),
    shape: /^[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}$/,
    docs: 'https://discord.com/developers/docs/resources/user#get-current-user',
  }),
  {
    id: 'discord-webhook',
    provider: 'Discord',
    rules: ['secrets/discord-webhook'],
    // Whatever host spelling the URL uses (ptb., canary., discordapp.com), it is asked at discord.com.
    hosts: ['discord.com'],
    shape: DISCORD_WEBHOOK,
    endpoint: 'GET /api/webhooks/{id}/{token}',
    docs: 'https://discord.com/developers/docs/resources/webhook#get-webhook-with-token',
    request(url) {
      const [, id, token] = DISCORD_WEBHOOK.exec(url) as RegExpExecArray;
      return get(`/api/webhooks/${id}/${token}`, {});
    },
    // 404: "Unknown Webhook" (deleted).
    interpret: byStatus([200], [401, 404]),
  },
  {
    id: 'telegram',
    provider: 'Telegram',
    rules: ['secrets/telegram-bot-token'],
    hosts: ['api.telegram.org'],
    shape: /^[0-9]{8,10}:AA[A-Za-z0-9_-]{33}$/,
    endpoint: 'GET /bot{token}/getMe',
    docs: 'https://core.telegram.org/bots/api#getme',
    // The Bot API takes the token in the path; `shape` keeps it to characters a path carries as they are.
    request: (token) => get(`/bot${token}/getMe`, {}),
    interpret: byStatus(),
  },
  simple({
    id: 'sendgrid',
    provider: 'SendGrid',
    rules: ['secrets/sendgrid-api-key'],
    host: 'api.sendgrid.com',
    path: '/v3/scopes',
    auth: bearer,
    shape: /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
    docs: 'https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access',
    live: [200, 403],
  }),
  {
    id: 'twilio',
    provider: 'Twilio',
    rules: ['secrets/twilio-auth-token'],
    hosts: ['api.twilio.com'],
    shape: /^[0-9a-f]{32}$/,
    partner: { pattern: /\b(AC[0-9a-f]{32})\b/g, what: 'Account SID' },
    endpoint: 'GET /2010-04-01/Accounts/{AccountSid}.json',
    docs: 'https://www.twilio.com/docs/iam/api/account#fetch-an-account-resource',
    request(token, sid) {
      if (!sid || !/^AC[0-9a-f]{32}$/.test(sid)) throw new Error('a Twilio auth token is verified with its Account SID');
      return get(`/2010-04-01/Accounts/${sid}.json`, { authorization: `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}` });
    },
    interpret: byStatus(),
  },
];

