import type { VerifierSpec } from '../types.js';
import { simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'circleci',
  provider: 'CircleCI',
  rules: ['secrets/circleci-pat'],
  host: 'circleci.com',
  path: '/api/v2/me',
  auth: (token) => ({ 'circle-token': token }),
  shape: /^CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}$/,
  docs: 'https://circleci.com/docs/api/v2/index.html#operation/getCurrentUser',
});

export default verifier;
