import type { CheckOption } from '../../../core/check.js';
import type { Policy } from '../../../policy/types.js';
import { withVerify } from './index.js';

/** Policies whose verification `--verify` turned on, so that `--no-verify` beside it is a contradiction. */
const turnedOn = new WeakSet<Policy>();

/**
 * The operator's switches for secret verification: `--verify` / `--no-verify` on the command line, the
 * `verify-secrets` input in the action. They only turn it on or off: where a secret goes is never an option.
 */
export const VERIFY_OPTIONS: readonly CheckOption[] = [
  {
    name: 'verify',
    type: 'boolean',
    help: ["ask each found credential's own provider whether it is live (checks.secrets.verify):", "sent only to the provider's fixed HTTPS API, never from a fork's pull request"],
    apply(policy, value) {
      if (value !== true) return;
      turnedOn.add(policy);
      withVerify(policy, true);
    },
  },
  {
    name: 'no-verify',
    type: 'boolean',
    help: ['do not verify found secrets, whatever the policy says'],
    apply(policy, value) {
      if (value !== true) return;
      if (turnedOn.has(policy)) throw new Error('--verify and --no-verify contradict each other: give one');
      withVerify(policy, false);
    },
  },
  {
    name: 'verify-secrets',
    type: 'string',
    value: 'BOOL',
    input: true,
    cli: false,
    help: ["true: ask each found credential's provider whether it is live; false: never; empty: the policy's"],
    apply(policy, value) {
      if (value === undefined || value === '') return;
      const v = String(value).trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw new Error(`input verify-secrets must be true or false, not "${String(value)}"`);
      withVerify(policy, v === 'true');
    },
  },
];
