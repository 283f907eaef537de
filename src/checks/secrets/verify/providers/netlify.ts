import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'netlify',
  provider: 'Netlify',
  rules: ['secrets/netlify-pat'],
  host: 'api.netlify.com',
  path: '/api/v1/user',
  auth: bearer,
  shape: /^nfp_[A-Za-z0-9]{36}$/,
  docs: 'https://open-api.netlify.com/#tag/user/operation/getCurrentUser',
});

export default verifier;
