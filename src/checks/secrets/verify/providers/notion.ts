import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'notion',
  provider: 'Notion',
  rules: ['secrets/notion-token'],
  host: 'api.notion.com',
  path: '/v1/users/me',
  auth: bearer,
  extraHeaders: { 'notion-version': '2022-06-28' },
  shape: /^(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,50})$/,
  docs: 'https://developers.notion.com/reference/get-self',
});

export default verifier;
