import type { Check, CheckOption } from '../core/check.js';
import type { CheckSections } from '../reporters/types.js';
import env from './env/index.js';
import dependencies from './dependencies/index.js';
import files from './files.js';
import secrets from './secrets/index.js';
import tests from './tests/index.js';
import rules from './rules/index.js';
import headers from './headers/index.js';
import cookies from './cookies/index.js';

/** Every check, in report order. A new check is one module plus one line here. */
export const CHECKS: readonly Check<never>[] = [
  files as Check<never>,
  secrets as Check<never>,
  env as Check<never>,
  dependencies as Check<never>,
  tests as Check<never>,
  rules as Check<never>,
  headers as Check<never>,
  cookies as Check<never>,
];

/** The checks' own Markdown sections, for the reporters (which import no check). */
export const CHECK_SECTIONS: CheckSections = Object.fromEntries(CHECKS.filter((c) => c.summary).map((c) => [c.meta.id, (report) => c.summary?.(report) ?? []]));

/** The checks' command-line options and action inputs, in check order. */
export const CHECK_OPTIONS: readonly CheckOption[] = CHECKS.flatMap((c) => c.options ?? []);
