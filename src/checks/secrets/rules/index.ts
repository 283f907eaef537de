// The built-in rule catalogue, grouped by provider family. docs/secrets-rules.md is generated from it.
import type { SecretRule } from '../types.js';
import { AI_RULES } from './ai.js';
import { CLOUD_RULES } from './cloud.js';
import { COMMAND_RULES } from './commands.js';
import { DATABASE_RULES } from './databases.js';
import { DEFAULT_RULES } from './defaults.js';
import { FRAMEWORK_RULES } from './frameworks.js';
import { GENERIC_RULES } from './generic.js';
import { INFRA_RULES } from './infra.js';
import { K8S_RULES } from './k8s.js';
import { MESSAGING_RULES } from './messaging.js';
import { MONITORING_RULES } from './monitoring.js';
import { PAYMENT_RULES } from './payments.js';
import { PRIVATE_KEY_RULES } from './private-keys.js';
import { PRODUCTIVITY_RULES } from './productivity.js';
import { REGISTRY_RULES } from './registries.js';
import { TOKEN_RULES } from './tokens.js';
import { VCS_RULES } from './vcs.js';

export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...VCS_RULES,
  ...REGISTRY_RULES,
  ...AI_RULES,
  ...MESSAGING_RULES,
  ...PAYMENT_RULES,
  ...INFRA_RULES,
  ...MONITORING_RULES,
  ...PRODUCTIVITY_RULES,
  ...DATABASE_RULES,
  ...K8S_RULES,
  ...FRAMEWORK_RULES,
  ...PRIVATE_KEY_RULES,
  ...TOKEN_RULES,
  ...COMMAND_RULES,
  ...DEFAULT_RULES,
  ...GENERIC_RULES,
];
