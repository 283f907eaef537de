import type { VerifierSpec } from '../types.js';
import { byStatus, get } from './shared.js';

const verifier: VerifierSpec = {
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
};

export default verifier;
