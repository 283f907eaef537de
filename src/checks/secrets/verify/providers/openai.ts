import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'openai',
  provider: 'OpenAI',
  rules: ['secrets/openai-project-key', 'secrets/openai-service-account-key', 'secrets/openai-user-key'],
  host: 'api.openai.com',
  path: '/v1/models',
  auth: bearer,
  shape: /^sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,600}$/,
  docs: 'https://platform.openai.com/docs/api-reference/models/list',
  // 403: a project key whose permissions exclude reading models.
  live: [200, 403],
});

export default verifier;
