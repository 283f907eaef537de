/** What the provider says of a credential. `unknown` never changes a finding's severity. */
export type Validity = 'live' | 'invalid' | 'unknown';
export const VALIDITIES: readonly Validity[] = ['live', 'invalid', 'unknown'];

/**
 * Why a credential is `unknown`: a fixed vocabulary written by this code, never text from a response, so
 * that nothing a provider answers reaches a report.
 */
export type UnknownReason =
  | 'not-supported'
  | 'needs-partner'
  | 'withheld'
  | 'rate-limited'
  | 'server-error'
  | 'timeout'
  | 'network-error'
  | 'unexpected-answer'
  | 'redirect'
  | 'over-limit'
  | 'deadline'
  | 'not-authoritative'
  | 'untrusted-source';

export interface Outcome {
  validity: Validity;
  /** Set when `validity` is `unknown`. */
  reason?: UnknownReason;
}

export interface VerifyRequest {
  method: 'GET' | 'POST';
  /** Absolute path with query, beginning with `/`. The host is the verifier's, never the request's. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface VerifyResponse {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The start of the body (capped), for the verifiers that read a field of it. Never logged. */
  body: string;
}

/** Sends one request to the host it was built for, follows no redirect, and rejects when `signal` aborts. */
export type Transport = (request: VerifyRequest, signal: AbortSignal) => Promise<VerifyResponse>;

/** Builds the transport of one fixed host (see transport.ts for the only one the check uses). */
export type TransportFactory = (host: string) => Transport;

/** A companion value some credentials need (the AWS access key ID of a secret key, a Twilio Account SID). */
export interface PartnerSpec {
  /** The rule whose findings in the same file (and commit) are candidates. */
  rule?: string;
  /** Or: candidates matched in the file's text (group 1). */
  pattern?: RegExp;
  /** What it is, for people: "access key ID". */
  what: string;
}

/**
 * One provider's verifier, as data: which rules it verifies, the fixed host(s) it may talk to, the
 * request it sends (the secret placed in a header or, where the provider wants it, the path) and how it
 * reads the answer. Every endpoint is a documented read-only identity or metadata call.
 */
export interface VerifierSpec {
  id: string;
  provider: string;
  rules: readonly string[];
  /**
   * Hosts tried in order (regional sites of one provider): `live` as soon as one accepts the credential,
   * `invalid` only when every one rejects it.
   */
  hosts: readonly string[];
  /** The secret must match this before anything is sent (it is placed in headers or a path). */
  shape: RegExp;
  partner?: PartnerSpec;
  /** What is called, for the documentation: `GET /user`. */
  endpoint: string;
  /** The provider's API documentation of that endpoint. */
  docs: string;
  /**
   * A rejection by this host does not prove the credential dead (self-managed installations share the
   * format): it is reported `unknown` (`not-authoritative`).
   */
  rejectionIsNotProof?: boolean;
  request(secret: string, partner: string | undefined, now: Date): VerifyRequest | Promise<VerifyRequest>;
  /** The provider's verdict; rate limits, 5xx and redirects are handled before this is called. */
  interpret(response: VerifyResponse): Outcome;
}
