import type { VerifierSpec } from '../types.js';
import { simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'anthropic',
  provider: 'Anthropic',
  rules: ['secrets/anthropic-api-key'],
  host: 'api.anthropic.com',
  path: '/v1/models?limit=1',
  auth: (key) => ({ 'x-api-key': key }),
  extraHeaders: { 'anthropic-version': '2023-06-01' },
  shape: /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/,
  docs: 'https://docs.anthropic.com/en/api/models-list',
  live: [200, 403],
});

export default verifier;
