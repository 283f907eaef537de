import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'groq',
  provider: 'Groq',
  rules: ['secrets/groq-api-key'],
  host: 'api.groq.com',
  path: '/openai/v1/models',
  auth: bearer,
  shape: /^gsk_[A-Za-z0-9]{52}$/,
  docs: 'https://console.groq.com/docs/api-reference#models-list',
});

export default verifier;
