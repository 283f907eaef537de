import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'heroku',
  provider: 'Heroku',
  rules: ['secrets/heroku-api-key'],
  host: 'api.heroku.com',
  path: '/account',
  auth: bearer,
  extraHeaders: { accept: 'application/vnd.heroku+json; version=3' },
  shape: /^HRKU-[A-Za-z0-9_-]{60}$/,
  docs: 'https://devcenter.heroku.com/articles/platform-api-reference#account-info',
});

export default verifier;
