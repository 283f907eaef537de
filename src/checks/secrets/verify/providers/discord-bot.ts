import type { VerifierSpec } from '../types.js';
import { simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'discord-bot',
  provider: 'Discord',
  rules: ['secrets/discord-bot-token'],
  host: 'discord.com',
  path: '/api/v10/users/@me',
  auth: (token) => ({ authorization: `Bot ${token}` }),
  shape: /^[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}$/,
  docs: 'https://discord.com/developers/docs/resources/user#get-current-user',
});

export default verifier;
