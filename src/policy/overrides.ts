import { isLooserFailOn, type FailOn } from '../core/severity.js';
import type { Policy } from './types.js';

export class LockedSettingError extends Error {}

/**
 * The operator's fail-on (the CLI's --fail-on, the action's input) replaces the policy's, except that a
 * locked fail-on can only get stricter: a lock holds for every route to the same effect.
 */
export function overrideFailOn(policy: Policy, failOn: FailOn, source: string): void {
  if (policy.lock.includes('fail-on') && isLooserFailOn(failOn, policy.failOn)) {
    throw new LockedSettingError(`${source} ${failOn} would loosen fail-on (${policy.failOn}), which the policy locks; it may only make it stricter`);
  }
  policy.failOn = failOn;
}
