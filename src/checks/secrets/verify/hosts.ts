import { VERIFIERS } from './providers/index.js';
import type { VerifierSpec } from './types.js';

/**
 * The only hosts a found secret may ever be sent to: each verifier's own, written in code. Nothing the
 * policy, the environment or an input says adds to it.
 */
export const ALLOWED_HOSTS: ReadonlySet<string> = new Set(VERIFIERS.flatMap((v) => v.hosts));

const byRule = new Map<string, VerifierSpec>();
for (const v of VERIFIERS) for (const rule of v.rules) byRule.set(rule, v);

export function verifierFor(ruleId: string): VerifierSpec | undefined {
  return byRule.get(ruleId);
}

/** The verifier that takes this rule's findings as its partner (the AWS secret key's access key ID). */
export function partnerOf(ruleId: string): VerifierSpec | undefined {
  return VERIFIERS.find((v) => v.partner?.rule === ruleId);
}
