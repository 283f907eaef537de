import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'buildkite',
  provider: 'Buildkite',
  rules: ['secrets/buildkite-token'],
  host: 'api.buildkite.com',
  path: '/v2/access-token',
  auth: bearer,
  shape: /^bkua_[a-f0-9]{40}$/,
  docs: 'https://buildkite.com/docs/apis/rest-api/access-token#get-the-current-token',
});

export default verifier;
