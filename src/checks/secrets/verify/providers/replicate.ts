import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'replicate',
  provider: 'Replicate',
  rules: ['secrets/replicate-api-token'],
  host: 'api.replicate.com',
  path: '/v1/account',
  auth: bearer,
  shape: /^r8_[A-Za-z0-9]{37}$/,
  docs: 'https://replicate.com/docs/reference/http#account.get',
});

export default verifier;
