import type { Finding } from '../core/finding.js';
import type { PolicyException } from '../policy/types.js';
import { globMatcher } from '../util/globs.js';
import { ruleMatches } from './rule-pattern.js';

/** True once the last day of the exception (UTC) has passed. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (!expires) return false;
  const end = Date.parse(`${expires}T23:59:59.999Z`);
  return Number.isFinite(end) && now.getTime() > end;
}

export interface ExceptionMatcher {
  exception: PolicyException;
  expired: boolean;
  used: number;
  matches(finding: Finding): boolean;
}

export function compileExceptions(exceptions: readonly PolicyException[], now: Date): ExceptionMatcher[] {
  return exceptions.map((exception) => {
    const path = exception.path ? globMatcher(exception.path) : undefined;
    return {
      exception,
      expired: isExpired(exception.expires, now),
      used: 0,
      matches(finding) {
        if (exception.fingerprint && finding.fingerprint !== exception.fingerprint) return false;
        if (exception.rule && !ruleMatches(exception.rule, finding.ruleId)) return false;
        if (path && !(finding.location && path(finding.location.path))) return false;
        return true;
      },
    };
  });
}
