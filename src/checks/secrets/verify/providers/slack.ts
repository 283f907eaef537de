import type { VerifierSpec } from '../types.js';
import { bearer, INVALID, jsonOf, LIVE, UNEXPECTED, USER_AGENT } from './shared.js';

/** auth.test's errors that mean the token itself is dead (the others are about the call). */
const SLACK_DEAD = new Set(['invalid_auth', 'account_inactive', 'token_revoked', 'token_expired', 'not_authed']);

const verifier: VerifierSpec = {
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
};

export default verifier;
