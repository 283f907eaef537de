// Credentials that are not tied to one provider: JWTs that carry credentials, HTTP Authorization headers.
import type { SecretRule } from '../types.js';

export const TOKEN_RULES: SecretRule[] = [
  {
    id: 'secrets/jwt',
    title: 'JSON Web Token that works as a long-lived credential',
    provider: 'JWT',
    keywords: ['eyj'],
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,500}\.eyJ[A-Za-z0-9_-]{10,3000}\.[A-Za-z0-9_-]{16,600})(?![A-Za-z0-9_.=-])/,
    checksum: 'jwt',
    // A signed token proves its format, not that it still opens anything: samples and test tokens abound.
    confidence: 'medium',
    priority: -1,
    before: 0,
    maxLength: 4200,
    docs: 'https://www.rfc-editor.org/rfc/rfc7519',
    revoke: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4',
  },
  {
    id: 'secrets/authorization-basic',
    title: 'HTTP Basic credentials (base64 user:password)',
    provider: 'HTTP',
    keywords: ['basic '],
    pattern: /\b[Bb]asic[ \t]{1,3}([A-Za-z0-9+/]{12,300}={0,2})(?![A-Za-z0-9+/=])/,
    checksum: 'basic-auth',
    confidence: 'medium',
    password: true,
    priority: -2,
    docs: 'https://www.rfc-editor.org/rfc/rfc7617',
  },
  {
    id: 'secrets/authorization-bearer',
    title: 'Bearer token in an Authorization header',
    provider: 'HTTP',
    keywords: ['bearer '],
    generic: true,
    before: 0,
    maxLength: 600,
    pattern: /\b(?<key>[Bb]earer)[ \t]{1,3}(?<secret>[A-Za-z0-9._~+/-]{24,500}={0,2})(?![A-Za-z0-9._~+/=-])/,
    entropy: 3.5,
    docs: 'https://www.rfc-editor.org/rfc/rfc6750',
  },
];
