import type { VerifierSpec } from '../types.js';
import { byStatus, get } from './shared.js';

const DISCORD_WEBHOOK = /^https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/([0-9]{17,20})\/([A-Za-z0-9_-]{60,68})$/;

const verifier: VerifierSpec = {
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
};

export default verifier;
