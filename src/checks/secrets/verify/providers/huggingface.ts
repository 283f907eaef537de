import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'huggingface',
  provider: 'Hugging Face',
  rules: ['secrets/huggingface-token', 'secrets/huggingface-org-token'],
  host: 'huggingface.co',
  path: '/api/whoami-v2',
  auth: bearer,
  shape: /^(?:hf_|api_org_)[A-Za-z]{34}$/,
  docs: 'https://huggingface.co/docs/hub/api#get-apiwhoami-v2',
});

export default verifier;
