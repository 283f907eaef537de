import type { ValidateFunction } from 'ajv';

/**
 * The policy schema's validator, compiled at build time: scripts/bundle.mjs replaces this module in the
 * bundles (see src/policy/precompile.ts), so that a run (a pre-commit hook) does not spend 100–150 ms of CPU
 * compiling it. Undefined when running from source; a validator whose digest does not match the schema in
 * use is ignored.
 */
export const PRECOMPILED: { digest: string; validate: ValidateFunction } | undefined = undefined;
