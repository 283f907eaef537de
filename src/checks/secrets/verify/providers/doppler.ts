import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'doppler',
  provider: 'Doppler',
  rules: ['secrets/doppler-token'],
  host: 'api.doppler.com',
  path: '/v3/me',
  auth: bearer,
  // SCIM and audit tokens serve other APIs only.
  shape: /^dp\.(?:pt|st|ct|sa)\.[A-Za-z0-9_.-]{40,100}$/,
  docs: 'https://docs.doppler.com/reference/auth-me',
});

export default verifier;
