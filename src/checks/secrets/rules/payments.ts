// Payments and commerce: Stripe, Square, PayPal/Braintree, Shopify.
import type { SecretRule } from '../types.js';
import { DOCS, prefixed } from './shared.js';

const STRIPE_REVOKE = 'https://dashboard.stripe.com/apikeys';

export const PAYMENT_RULES: SecretRule[] = [
  {
    id: 'secrets/stripe-secret-key',
    title: 'Stripe live secret key',
    provider: 'Stripe',
    keywords: ['sk_live_'],
    pattern: prefixed('sk_live_[A-Za-z0-9]{24,247}'),
    entropy: 3.5,
    prefixLength: 8,
    docs: DOCS.stripe,
    revoke: STRIPE_REVOKE,
  },
  {
    id: 'secrets/stripe-restricted-key',
    title: 'Stripe live restricted key',
    provider: 'Stripe',
    keywords: ['rk_live_'],
    pattern: prefixed('rk_live_[A-Za-z0-9]{24,247}'),
    entropy: 3.5,
    prefixLength: 8,
    docs: DOCS.stripe,
    revoke: STRIPE_REVOKE,
  },
  {
    id: 'secrets/stripe-test-key',
    title: 'Stripe test-mode secret or restricted key',
    provider: 'Stripe',
    keywords: ['sk_test_', 'rk_test_'],
    pattern: prefixed('[sr]k_test_[A-Za-z0-9]{24,247}'),
    entropy: 3.5,
    prefixLength: 8,
    severity: 'warning',
    securitySeverity: 5,
    docs: DOCS.stripe,
    revoke: STRIPE_REVOKE,
  },
  {
    id: 'secrets/stripe-webhook-secret',
    title: 'Stripe webhook signing secret',
    provider: 'Stripe',
    keywords: ['whsec_'],
    pattern: prefixed('whsec_[A-Za-z0-9+/]{32,64}={0,2}', '(?![A-Za-z0-9+/=_-])'),
    entropy: 4,
    prefixLength: 6,
    docs: 'https://docs.stripe.com/webhooks#verify-webhook-signatures-with-official-libraries',
    revoke: 'https://dashboard.stripe.com/webhooks',
  },
];
