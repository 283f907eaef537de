import type { VerifierSpec } from '../types.js';
import { simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'gitlab',
  provider: 'GitLab',
  rules: ['secrets/gitlab-pat'],
  host: 'gitlab.com',
  path: '/api/v4/user',
  auth: (token) => ({ 'private-token': token }),
  shape: /^glpat-[A-Za-z0-9_.-]{20,310}$/,
  docs: 'https://docs.gitlab.com/api/users/#get-the-current-user',
  // 403: a token without the read_user scope.
  live: [200, 403],
  // Self-managed GitLab instances issue tokens of the same format, which gitlab.com does not know.
  rejectionIsNotProof: true,
});

export default verifier;
