import type { FindingInput } from '../../../core/finding.js';
import type { Severity } from '../../../core/severity.js';
import type { Outcome, UnknownReason, Validity } from './types.js';

export type ValiditySeverity = Severity | 'unchanged';
/** The policy's `validity-severity`. `unknown` has none: a credential that was not verified keeps its severity. */
export type ValiditySeverities = Record<Exclude<Validity, 'unknown'>, ValiditySeverity>;
export const DEFAULT_VALIDITY_SEVERITY: Readonly<ValiditySeverities> = Object.freeze({ live: 'error', invalid: 'notice' });

/** Said of an unverified credential, by reason; `not-supported` says nothing (most rules have no verifier). */
function unknownNote(reason: UnknownReason | undefined, provider: string): string {
  switch (reason) {
    case 'rate-limited':
      return `Not verified: ${provider} rate-limited the check.`;
    case 'timeout':
      return `Not verified: ${provider} did not answer in time.`;
    case 'network-error':
      return `Not verified: ${provider} could not be reached.`;
    case 'server-error':
      return `Not verified: ${provider} answered with a server error.`;
    case 'unexpected-answer':
    case 'redirect':
      return `Not verified: ${provider} answered in a way its documentation does not describe.`;
    case 'over-limit':
      return 'Not verified: the run had more distinct secrets than it verifies.';
    case 'deadline':
      return "Not verified: the run's time for verification ran out.";
    case 'needs-partner':
      return `Not verified: ${provider} needs the credential's other half, which is not in this file.`;
    case 'withheld':
      return "Not verified: it is this run's own token, which is never sent to a provider.";
    case 'not-authoritative':
      return `Not verified: ${provider}'s public service rejects it, but a self-hosted ${provider} may have issued it.`;
    case 'untrusted-source':
      return 'Not verified: what was scanned comes from an untrusted source (a pull request from a fork), whose secrets are never sent to a provider.';
    default:
      return '';
  }
}

/**
 * A secrets finding with its validity: in `properties` (JSON, SARIF), in the message (every other channel),
 * and in the severity the policy maps it to, which stands over the rule's own.
 */
export function withValidity(finding: FindingInput, outcome: Outcome, provider: string, severities: ValiditySeverities): FindingInput {
  const note =
    outcome.validity === 'live'
      ? `Verified live with ${provider}: rotate it now.`
      : outcome.validity === 'invalid'
        ? `${provider} rejects it: revoked or invalid.`
        : unknownNote(outcome.reason, provider);
  const severity = outcome.validity === 'unknown' ? 'unchanged' : severities[outcome.validity];
  return {
    ...finding,
    ...(severity !== 'unchanged' ? { severity, fixedSeverity: true } : {}),
    message: note ? `${finding.message} ${note}` : finding.message,
    properties: { ...finding.properties, validity: outcome.validity, ...(outcome.reason ? { validityReason: outcome.reason } : {}) },
  };
}
