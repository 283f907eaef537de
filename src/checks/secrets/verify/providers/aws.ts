import type { Outcome, VerifierSpec } from '../types.js';
import { signV4 } from '../sigv4.js';
import { INVALID, LIVE, RATE_LIMITED, UNEXPECTED, USER_AGENT } from './shared.js';

const HOST = 'sts.amazonaws.com';
const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
/** STS errors that reject the key pair itself. */
const REJECTED = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch']);

function errorCode(body: string): string | undefined {
  return /<Code>([A-Za-z.]{1,64})<\/Code>/.exec(body)?.[1];
}

/**
 * AWS STS GetCallerIdentity: needs no permission, changes nothing, and answers for any active key pair.
 * The request is signed with Signature Version 4 (sigv4.ts, tested against AWS's published vectors).
 */
const verifier: VerifierSpec = {
  id: 'aws',
  provider: 'AWS',
  rules: ['secrets/aws-secret-access-key'],
  hosts: [HOST],
  shape: /^[A-Za-z0-9/+]{40}$/,
  // Long-term keys only: a temporary key (ASIA…) also needs its session token.
  partner: { rule: 'secrets/aws-access-key-id', what: 'access key ID, AKIA…' },
  endpoint: 'POST / (Action=GetCallerIdentity)',
  docs: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
  async request(secretAccessKey, accessKeyId, now) {
    if (!accessKeyId || !/^AKIA[A-Z2-7]{16}$/.test(accessKeyId)) throw new Error('an AWS secret access key is verified with its access key ID');
    const headers = signV4(
      { method: 'POST', host: HOST, path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: BODY },
      { accessKeyId, secretAccessKey },
      'us-east-1',
      'sts',
      now,
    );
    return { method: 'POST', path: '/', headers: { ...headers, accept: 'text/xml', 'user-agent': USER_AGENT }, body: BODY };
  },
  interpret(response): Outcome {
    if (response.status === 200) return /<GetCallerIdentityResult>/.test(response.body) ? LIVE : UNEXPECTED;
    const code = errorCode(response.body);
    if (code === 'Throttling') return RATE_LIMITED;
    if ((response.status === 403 || response.status === 400) && code && REJECTED.has(code)) return INVALID;
    return UNEXPECTED;
  },
};

export default verifier;
