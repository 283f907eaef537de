import type { VerifierSpec } from '../types.js';
import { bearer, get, INVALID, LIVE, RATE_LIMITED, UNEXPECTED } from './shared.js';

const verifier: VerifierSpec = {
  id: 'github',
  provider: 'GitHub',
  rules: ['secrets/github-pat', 'secrets/github-oauth-token', 'secrets/github-app-user-token', 'secrets/github-app-installation-token', 'secrets/github-fine-grained-pat'],
  hosts: ['api.github.com'],
  shape: /^(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})$/,
  endpoint: 'GET /user',
  docs: 'https://docs.github.com/en/rest/users/users#get-the-authenticated-user',
  request: (token) => get('/user', { ...bearer(token), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }),
  interpret(response) {
    if (response.status === 200) return LIVE;
    if (response.status === 401) return INVALID;
    // 403 is a rate limit when the quota is spent; otherwise the token authenticated but may not read
    // the user (an installation token, an organisation's SAML enforcement): it is live.
    // A secondary rate limit says so with retry-after.
    if (response.status === 403) return response.headers['x-ratelimit-remaining'] === '0' || response.headers['retry-after'] !== undefined ? RATE_LIMITED : LIVE;
    return UNEXPECTED;
  },
  // GitHub Enterprise Server issues tokens of the same formats, which github.com does not know.
  rejectionIsNotProof: true,
};

export default verifier;
