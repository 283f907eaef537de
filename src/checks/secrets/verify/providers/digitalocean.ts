import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'digitalocean',
  provider: 'DigitalOcean',
  rules: ['secrets/digitalocean-pat', 'secrets/digitalocean-oauth-token'],
  host: 'api.digitalocean.com',
  path: '/v2/account',
  auth: bearer,
  shape: /^do[op]_v1_[a-f0-9]{64}$/,
  docs: 'https://docs.digitalocean.com/reference/api/digitalocean/#tag/Account/operation/account_get',
  // 403: a scoped token without account:read.
  live: [200, 403],
});

export default verifier;
