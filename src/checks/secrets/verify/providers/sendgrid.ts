import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'sendgrid',
  provider: 'SendGrid',
  rules: ['secrets/sendgrid-api-key'],
  host: 'api.sendgrid.com',
  path: '/v3/scopes',
  auth: bearer,
  shape: /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
  docs: 'https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access',
  live: [200, 403],
});

export default verifier;
