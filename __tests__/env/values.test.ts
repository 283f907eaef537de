import { describe, expect, it } from 'vitest';
import { isExampleName, isEnvFileName } from '../../src/checks/env/env-files.js';
import { nameMatcher, secretStrength } from '../../src/checks/env/names.js';
import { classifyValue } from '../../src/checks/env/values.js';

const kind = (name: string, value: string) => classifyValue(name, value).kind;

describe('example values', () => {
  it('placeholders and local development defaults pass', () => {
    const passing: [string, string][] = [
      ['NEXTAUTH_SECRET', ''],
      ['NEXTAUTH_SECRET', 'your-secret-here'],
      ['NEXTAUTH_SECRET', 'changeme'],
      ['STRIPE_SECRET_KEY', 'sk_test_xxxxxxxxxxxxxxxxxxxxxxxx'],
      ['STRIPE_SECRET_KEY', '<your stripe key>'],
      ['OPENAI_API_KEY', 'sk-...'],
      ['JWT_SECRET', 'supersecret'],
      ['API_KEY', 'YOUR_API_KEY'],
      ['API_KEY', 'api_key'],
      ['SESSION_SECRET', '********'],
      ['SESSION_SECRET', '0000000000000000000000000000'],
      ['SESSION_SECRET', '1234567890abcdef1234567890abcdef'],
      ['DATABASE_URL', 'postgresql://postgres:postgres@localhost:5432/app'],
      ['DATABASE_URL', 'postgres://user:S3cr3tPw@db:5432/app'],
      ['DATABASE_URL', 'mysql://root:password@127.0.0.1:3306/app'],
      ['REDIS_URL', 'redis://:devpassword@host.docker.internal:6379'],
      ['DATABASE_URL', 'postgres://user:password@your-db-host.com:5432/db'],
      ['MONGODB_URI', 'mongodb+srv://<user>:<password>@cluster0.example.mongodb.net/app'],
      ['SMTP_PASSWORD', '${SMTP_PASSWORD_FROM_VAULT}'],
      ['SECRET', 'encrypted:BDb7t0iu9nxS4C3Vgzsqm8zkW2cbw3IHrfO2NEPNcqYcm2XvAn4X'],
      ['PORT', '3000'],
      ['NEXT_PUBLIC_APP_URL', 'https://myapp.vercel.app'],
      ['LOG_LEVEL', 'debug'],
      ['GOOGLE_CLIENT_ID', '1234567890-abc123def456.apps.googleusercontent.com'],
    ];
    for (const [name, value] of passing) expect([name, value, kind(name, value)]).not.toEqual([name, value, 'secret']);
  });

  it('working credentials do not', () => {
    expect(classifyValue('DATABASE_URL', 'postgres://app:Xk29fLq0pZ@prod-db.acme.io:5432/app')).toMatchObject({ kind: 'secret', secret: 'Xk29fLq0pZ', why: 'a connection URL with a password for prod-db.acme.io' });
    expect(kind('NEXTAUTH_SECRET', 'K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=')).toBe('secret');
    expect(kind('JWT_SECRET', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('secret');
    // Without a secret-looking name, randomness alone is not enough (build ids, hashes).
    expect(kind('BUILD_ID', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe('plain');
    // The detector, when given, finds provider formats under any name.
    const detector = (v: string) => (v.startsWith('ghp_') ? { title: 'GitHub personal access token', secret: v, prefixLength: 4 } : undefined);
    expect(classifyValue('SOME_VALUE', 'ghp_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cD1eF3gH5', detector)).toMatchObject({ kind: 'secret', why: 'GitHub personal access token', prefixLength: 4 });
    expect(classifyValue('SOME_VALUE', 'ghp_your_token_here', detector).kind).toBe('placeholder');
  });
});

describe('names', () => {
  it('credential-looking names, and names public by design', () => {
    expect(['STRIPE_SECRET_KEY', 'ADMIN_PASSWORD', 'SUPABASE_SERVICE_ROLE_KEY', 'DATABASE_URL', 'JWT_SECRET', 'PRIVATE_KEY'].map((n) => secretStrength(n))).toEqual(Array(6).fill('strong'));
    expect(['OPENAI_API_KEY', 'GITHUB_TOKEN', 'AWS_ACCESS_KEY'].map((n) => secretStrength(n))).toEqual(Array(3).fill('weak'));
    // Switches and settings about a credential are not one (documenso's NEXT_PUBLIC_DISABLE_EMAIL_PASSWORD_SIGNUP).
    expect(['NEXT_PUBLIC_DISABLE_EMAIL_PASSWORD_SIGNUP', 'ENABLE_PASSWORD_LOGIN', 'FEATURE_SECRET_SHARING', 'ALLOW_TOKEN_AUTH', 'PASSWORD_RESET'].map((n) => secretStrength(n))).toEqual(Array(5).fill(undefined));
    expect(['DISABLED_PASSWORD', 'USER_PASSWORD', 'ISSUER_SECRET'].map((n) => secretStrength(n))).toEqual(Array(3).fill('strong'));
    expect(['ACCESS_TOKEN_EXPIRE_MINUTES', 'JWT_SECRET_PATH', 'AUTH_TOKEN_TTL'].map((n) => secretStrength(n))).toEqual([undefined, undefined, undefined]);
    expect(secretStrength('DATABASE_URL')).toBe('strong');
    const browser = (n: string) => secretStrength(n, { browser: true });
    expect(['STRIPE_PUBLISHABLE_KEY', 'SUPABASE_ANON_KEY', 'FIREBASE_API_KEY', 'RECAPTCHA_SITE_KEY', 'MAPBOX_TOKEN', 'POSTHOG_KEY', 'SENTRY_DSN', 'GOOGLE_CLIENT_ID', 'APP_URL', 'KEYBOARD_LAYOUT'].map(browser)).toEqual(Array(10).fill(undefined));
    // On the server, a provider's API token is a credential all the same.
    expect(secretStrength('SANITY_API_READ_TOKEN')).toBe('weak');
    expect(browser('SANITY_API_READ_TOKEN')).toBeUndefined();
  });

  it('name globs with re-inclusion', () => {
    const m = nameMatcher(['GITHUB_SHA', 'VERCEL_*', '!VERCEL_TOKEN']);
    expect(['GITHUB_SHA', 'VERCEL_URL', 'VERCEL_TOKEN', 'GITHUB_ID'].map(m)).toEqual([true, true, false, false]);
  });

  it('example and env file names', () => {
    expect(['.env.example', '.env.sample', '.env.template', '.env.local.example', 'env.example', 'example.env', '.env.dist'].map(isExampleName)).toEqual(Array(7).fill(true));
    expect(['.env', '.env.local', 'environment.ts', '.envrc', 'env.example.ts'].map(isExampleName)).toEqual(Array(5).fill(false));
    expect(['.env', '.env.local', '.env.production', '.env.development.local', 'production.env', '.env.keys'].map(isEnvFileName)).toEqual(Array(6).fill(true));
    expect(['.env.example', '.envrc', '.env.d.ts', 'env.ts', '.env.vault', '.environment'].map(isEnvFileName)).toEqual(Array(6).fill(false));
  });
});

describe('compound values', () => {
  it('filler words only count when they are all the value has', () => {
    expect(['admin', 'password123', 'super-secret-key', 'keyboard cat', 'postgres'].map((v) => kind('ADMIN_PASSWORD', v))).toEqual(Array(5).fill('placeholder'));
    expect(kind('FIRST_SUPERUSER_PASSWORD', 'SecureAdminPass123!')).not.toBe('placeholder');
    expect(kind('FIRST_SUPERUSER_PASSWORD', 'changethis')).toBe('placeholder');
  });
});
