import type { VerifierSpec } from '../types.js';
import { AI_VERIFIERS } from './ai.js';
import { AWS_VERIFIER } from './aws.js';
import { INFRA_VERIFIERS } from './infra.js';
import { MESSAGING_VERIFIERS } from './messaging.js';
import { MONITORING_VERIFIERS } from './monitoring.js';
import { PAYMENT_VERIFIERS } from './payments.js';
import { PRODUCTIVITY_VERIFIERS } from './productivity.js';
import { VCS_VERIFIERS } from './vcs.js';

/** Every verifier, by provider family. docs/secrets-verify.md lists them (a test keeps it in step). */
export const VERIFIERS: readonly VerifierSpec[] = Object.freeze([
  ...VCS_VERIFIERS,
  ...MESSAGING_VERIFIERS,
  ...AI_VERIFIERS,
  ...PAYMENT_VERIFIERS,
  ...INFRA_VERIFIERS,
  ...PRODUCTIVITY_VERIFIERS,
  ...MONITORING_VERIFIERS,
  AWS_VERIFIER,
]);
