import type { Finding, FindingInput, Location, SuppressedFinding } from '../core/finding.js';
import type { InlineSuppressions, PolicyException } from '../policy/types.js';
import { compileExceptions } from './exceptions.js';
import { findDirective, type Directive } from './inline.js';
import { ruleMatches } from './rule-pattern.js';

export interface SuppressionInputs {
  findings: readonly Finding[];
  /** Inline directives by path, for every file the run read. */
  directives: ReadonlyMap<string, Directive[]>;
  exceptions: readonly PolicyException[];
  /** Fingerprints accepted by the global baseline and by each check's own. */
  baseline: { global?: Set<string>; byCheck: ReadonlyMap<string, Set<string> | undefined> };
  knownRules: readonly string[];
  /** Which inline comments suppress (the policy's `suppressions.inline`). */
  inline: InlineSuppressions;
  now: Date;
  exceptionLocation(origin: PolicyException['origin']): Location | undefined;
}

export interface SuppressionResult {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** What the suppressions themselves deserve: expired or unused exceptions, unexplained or mistyped comments. */
  policyFindings: FindingInput[];
}

/** Inline comments first, then policy exceptions, then baselines; each suppressed finding says which. */
export function applySuppressions(input: SuppressionInputs): SuppressionResult {
  const suppressed: SuppressedFinding[] = [];
  const policyFindings: FindingInput[] = [];

  const used = new Set<Directive>();
  /** Directives that matched a finding but may not suppress it: no reason where one is required. */
  const refused = new Set<Directive>();
  let kept = input.findings.filter((finding) => {
    const list = finding.location ? input.directives.get(finding.location.path) : undefined;
    const directive = list ? findDirective(list, finding) : undefined;
    if (!directive) return true;
    if (!allowsInline(input.inline, directive)) {
      refused.add(directive);
      return true;
    }
    used.add(directive);
    suppressed.push({
      ...finding,
      suppression: { kind: 'inline', reason: directive.reason, location: { path: finding.location?.path as string, line: directive.line, column: directive.column } },
    });
    return false;
  });
  for (const [path, list] of input.directives) {
    for (const d of list) {
      const location = { path, line: d.line, column: d.column };
      if ((used.has(d) || (refused.has(d) && input.inline === 'with-reason')) && !d.reason) {
        const effect = refused.has(d) ? ', so it suppresses nothing' : '';
        policyFindings.push({
          ruleId: 'policy/suppression-without-reason',
          message: `This suppression gives no reason${effect}: write \`security-gate-ignore: ${d.rules.join(', ') || '<rule>'} -- <why this is acceptable>\`.`,
          location,
          identity: d.rules.join(','),
        });
      }
      const unknown = d.rules.filter((r) => !r.startsWith('rules/') && !input.knownRules.some((id) => ruleMatches(r, id)));
      if (unknown.length) {
        policyFindings.push({
          ruleId: 'policy/unknown-rule',
          message: `Unknown rule ${unknown.map((r) => `\`${r}\``).join(', ')} in a suppression comment: it suppresses nothing.`,
          location,
          identity: unknown.join(','),
        });
      }
    }
  }

  const exceptions = compileExceptions(input.exceptions, input.now);
  kept = kept.filter((finding) => {
    const match = exceptions.find((e) => !e.expired && e.matches(finding));
    if (!match) return true;
    match.used++;
    suppressed.push({ ...finding, suppression: { kind: 'exception', reason: match.exception.reason, location: input.exceptionLocation(match.exception.origin) } });
    return false;
  });
  for (const e of exceptions) {
    const { rule, path, fingerprint, expires, reason } = e.exception;
    const what = [rule && `rule ${rule}`, path && `path ${path}`, fingerprint && `fingerprint ${fingerprint}`].filter(Boolean).join(', ');
    const location = input.exceptionLocation(e.exception.origin);
    if (e.expired) {
      policyFindings.push({
        ruleId: 'policy/exception-expired',
        message: `The exception for ${what} expired on ${expires} and no longer applies ("${reason}"). Fix what it covered, or renew it with a new date.`,
        location,
        identity: `${what}|${expires}`,
      });
    } else if (e.used === 0) {
      policyFindings.push({ ruleId: 'policy/exception-unused', message: `The exception for ${what} matches no finding; remove it.`, location, identity: what });
    }
  }

  const { global, byCheck } = input.baseline;
  kept = kept.filter((finding) => {
    const hit = global?.has(finding.fingerprint) || byCheck.get(finding.check)?.has(finding.fingerprint);
    if (hit) suppressed.push({ ...finding, suppression: { kind: 'baseline' } });
    return !hit;
  });

  return { kept, suppressed, policyFindings };
}

/** Whether the policy lets an inline comment suppress: `off` never, `with-reason` only when it says why. */
export function allowsInline(mode: InlineSuppressions, directive: { reason?: string }): boolean {
  return mode === 'any' || (mode === 'with-reason' && !!directive.reason);
}
