import type { VerifierSpec } from '../types.js';
import { simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'postman',
  provider: 'Postman',
  rules: ['secrets/postman-api-key'],
  host: 'api.getpostman.com',
  path: '/me',
  auth: (key) => ({ 'x-api-key': key }),
  shape: /^PMAK-[a-f0-9]{24}-[a-f0-9]{34}$/,
  docs: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
});

export default verifier;
