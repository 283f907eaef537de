import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'npm',
  provider: 'npm',
  rules: ['secrets/npm-token'],
  host: 'registry.npmjs.org',
  path: '/-/whoami',
  auth: bearer,
  shape: /^npm_[A-Za-z0-9]{36}$/,
  docs: 'https://docs.npmjs.com/cli/v11/commands/npm-whoami',
});

export default verifier;
