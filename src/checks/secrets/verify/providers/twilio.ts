import type { VerifierSpec } from '../types.js';
import { byStatus, get } from './shared.js';

const verifier: VerifierSpec = {
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
};

export default verifier;
