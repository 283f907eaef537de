// The built-in rule catalogue, grouped by provider family. docs/secrets-rules.md is generated from it.
import type { SecretRule } from '../types.js';
import { CLOUD_RULES } from './cloud.js';
import { GENERIC_RULES } from './generic.js';
import { MESSAGING_RULES } from './messaging.js';
import { PAYMENT_RULES } from './payments.js';
import { PRIVATE_KEY_RULES } from './private-keys.js';
import { TOKEN_RULES } from './tokens.js';
import { VCS_RULES } from './vcs.js';

export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...VCS_RULES,
  ...MESSAGING_RULES,
  ...PAYMENT_RULES,
  ...PRIVATE_KEY_RULES,
  ...TOKEN_RULES,
  ...GENERIC_RULES,
];
