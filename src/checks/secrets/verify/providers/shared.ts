import { VERSION } from '../../../../version.js';
import type { Outcome, VerifierSpec, VerifyRequest, VerifyResponse } from '../types.js';

export const USER_AGENT = `security-gate/${VERSION} (secret verification)`;

export const LIVE: Outcome = { validity: 'live' };
export const INVALID: Outcome = { validity: 'invalid' };
export const UNEXPECTED: Outcome = { validity: 'unknown', reason: 'unexpected-answer' };
export const RATE_LIMITED: Outcome = { validity: 'unknown', reason: 'rate-limited' };

export function get(path: string, headers: Record<string, string>): VerifyRequest {
  return { method: 'GET', path, headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...headers } };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The answer by status alone: `live` for the success codes, `invalid` for the rejections, else unexpected. */
export function byStatus(live: readonly number[] = [200], invalid: readonly number[] = [401]): (response: VerifyResponse) => Outcome {
  return (response) => (live.includes(response.status) ? LIVE : invalid.includes(response.status) ? INVALID : UNEXPECTED);
}

export function jsonOf(response: VerifyResponse): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(response.body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The common case: one host, a GET with the token in a header, and the answer by status. */
export interface SimpleSpec {
  id: string;
  provider: string;
  rules: readonly string[];
  host: string;
  path: string;
  auth(secret: string): Record<string, string>;
  shape: RegExp;
  docs: string;
  /** Status codes of an accepted credential; default 200 (403: authenticated, but not allowed this endpoint). */
  live?: readonly number[];
  invalid?: readonly number[];
  extraHeaders?: Record<string, string>;
  rejectionIsNotProof?: boolean;
}

export function simple(s: SimpleSpec): VerifierSpec {
  return {
    id: s.id,
    provider: s.provider,
    rules: s.rules,
    hosts: [s.host],
    shape: s.shape,
    endpoint: `GET ${s.path}`,
    docs: s.docs,
    ...(s.rejectionIsNotProof ? { rejectionIsNotProof: true } : {}),
    request: (secret) => get(s.path, { ...s.extraHeaders, ...s.auth(secret) }),
    interpret: byStatus(s.live, s.invalid),
  };
}
