import type { Check } from '../core/check.js';
import env from './env/index.js';
import dependencies from './dependencies/index.js';
import files from './files.js';
import secrets from './secrets/index.js';

/** Every check, in report order. A new check is one module plus one line here. */
export const CHECKS: readonly Check<never>[] = [
  files as Check<never>,
  secrets as Check<never>,
  env as Check<never>,
  dependencies as Check<never>,
];
