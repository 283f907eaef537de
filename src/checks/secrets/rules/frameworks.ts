// Framework secrets whose keys do not say "secret": ASP.NET machine keys, Laravel application keys.
import type { SecretRule } from '../types.js';

export const FRAMEWORK_RULES: SecretRule[] = [
  {
    id: 'secrets/aspnet-machine-key',
    title: 'ASP.NET machine key (validation or decryption key)',
    provider: 'ASP.NET',
    keywords: ['validationkey', 'decryptionkey'],
    pattern: /\b(?:validationKey|decryptionKey)\s{0,2}=\s{0,2}"([0-9A-Fa-f]{32,128})"/i,
    entropy: 3,
    docs: 'https://learn.microsoft.com/en-us/previous-versions/dotnet/netframework-4.0/w8h3skw9(v=vs.100)',
    revoke: 'https://learn.microsoft.com/en-us/aspnet/core/security/data-protection/compatibility/replacing-machinekey',
  },
  {
    id: 'secrets/laravel-app-key',
    title: 'Laravel application key',
    provider: 'Laravel',
    keywords: ['app_key'],
    pattern: /\bAPP_KEY\s{0,2}=\s{0,2}["']?(base64:[A-Za-z0-9+/]{43}=)/,
    entropy: 4,
    prefixLength: 7,
    docs: 'https://laravel.com/docs/11.x/encryption#configuration',
    revoke: 'https://laravel.com/docs/11.x/encryption#gracefully-rotating-encryption-keys',
  },
];
