import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for the one kind of request a verifier sends: a fixed host, path `/`, no query,
 * a form body, and only the headers given (all signed). Written here rather than taken from a package so
 * that the check carries no dependency for one request; it is tested against the vectors of AWS's
 * published Signature Version 4 test suite (__tests__/secrets/verify-sigv4.test.ts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export interface SigV4Request {
  method: 'GET' | 'POST';
  host: string;
  path: string;
  /** Already in canonical order and encoding (`a=1&b=2`), or empty. */
  query?: string;
  headers: Record<string, string>;
  body: string;
}

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20150830T123600Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers to send: the request's, with `host`, `x-amz-date` and `authorization`. */
export function signV4(req: SigV4Request, credentials: SigV4Credentials, region: string, service: string, now: Date): Record<string, string> {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  headers.host = req.host;
  headers['x-amz-date'] = stamp;
  const names = Object.keys(headers).sort();
  const canonical = [req.method, req.path, req.query ?? '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256(req.body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}
