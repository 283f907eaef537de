import { isObject, type JsonObject } from './shape.js';
import { excerpt } from '../../../util/excerpt.js';

/** What package managers print instead of a report when the audit could not run. */
const KNOWN_CODES: Record<string, string> = {
  ENOLOCK: 'there is no lockfile to audit (run `npm install --package-lock-only` and commit the lockfile)',
  ENOAUDIT: 'the configured registry does not support audits',
  EAUDITNOLOCK: 'there is no lockfile to audit',
  EAUDITNOPJSON: 'there is no package.json to audit',
  ERR_PNPM_AUDIT_BAD_RESPONSE: 'the audit endpoint answered with an error',
  ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS: 'the registry has no audit endpoint',
  ERR_PNPM_AUDIT_NO_LOCKFILE: 'there is no pnpm-lock.yaml to audit',
};

/** Removes credentials from URLs (`https://user:token@host`) before text is shown. */
export function scrubUrls(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@"']+@/gi, '$1***@').replace(/([?&](?:token|auth|key|password|secret)[^=]*=)[^&\s"']+/gi, '$1***');
}

export function shorten(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return excerpt(flat, max);
}

function field(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * When a parsed JSON object is an error instead of a report, why — in words for the reader. Covers npm's
 * HTTP error object (`{"message":"405 Method Not Allowed - POST …","statusCode":405,…}`), npm and pnpm
 * `{"error":{"code":"ENOLOCK",…}}` objects, and plain `{"code":…,"message":…}` objects.
 */
export function errorObjectReason(value: JsonObject): string | undefined {
  const error = value.error;
  const status = typeof value.statusCode === 'number' ? value.statusCode : undefined;
  if (status !== undefined && status >= 400) {
    const message = field(value, 'message') ?? `HTTP ${status}`;
    const hint =
      status === 405 || status === 410 || status === 404 ?
        ' The registry, or a proxy in front of it, does not serve this audit endpoint (npm\'s retired endpoints answer 410; many mirrors have none): audit against a registry that serves `/-/npm/v1/security/advisories/bulk`, or use osv-scanner.'
      : status === 401 || status === 403 ? ' The registry refused the credentials.'
      : '';
    return `the audit failed: ${scrubUrls(message)}.${hint}`;
  }
  if (isObject(error)) {
    const code = field(error, 'code');
    const text = field(error, 'summary') ?? field(error, 'message') ?? field(error, 'detail');
    const known = code ? KNOWN_CODES[code] : undefined;
    const parts = [code, known, text && text !== known ? scrubUrls(shorten(text)) : undefined].filter(Boolean);
    return `the audit failed: ${parts.length ? parts.join(': ') : 'the report is an error object with no details'}`;
  }
  if (typeof error === 'string' && error.trim()) return `the audit failed: ${scrubUrls(shorten(error))}`;
  const code = field(value, 'code');
  if (code && /^E[A-Z0-9_]+$/.test(code)) {
    const message = field(value, 'message') ?? field(value, 'summary');
    return `the audit failed: ${code}${KNOWN_CODES[code] ? `: ${KNOWN_CODES[code]}` : ''}${message ? `: ${scrubUrls(shorten(message))}` : ''}`;
  }
  return undefined;
}
