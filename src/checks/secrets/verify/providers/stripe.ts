import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'stripe',
  provider: 'Stripe',
  rules: ['secrets/stripe-secret-key', 'secrets/stripe-restricted-key', 'secrets/stripe-test-key'],
  host: 'api.stripe.com',
  path: '/v1/account',
  auth: bearer,
  shape: /^[sr]k_(?:live|test)_[A-Za-z0-9]{24,247}$/,
  docs: 'https://docs.stripe.com/api/accounts/retrieve',
  // 403: a restricted key without the permission to read the account.
  live: [200, 403],
});

export default verifier;
