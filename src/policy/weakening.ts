import { isDeepStrictEqual } from 'node:util';
import type { CheckMeta } from '../core/check.js';
import type { PolicyPath } from '../core/finding.js';
import { failsGate, isLooserFailOn, severityRank, type FailOn, type Severity } from '../core/severity.js';
import { compileGlobs } from '../util/globs.js';
import { isExpired } from '../filters/exceptions.js';
import { ruleMatches } from '../filters/rule-pattern.js';
import { formatKeyPath } from './errors.js';
import type { CheckSection, Policy, PolicyException } from './types.js';

/**
 * One way a policy got less strict than another: what a reviewer must approve knowingly when a pull
 * request edits the policy, and what a layer may not do to a setting a shared policy locks.
 */
export interface Weakening {
  /** Where the change is written in the policy (for the annotation). */
  path: PolicyPath;
  /** The checks that see less because of it; `*` for every check. */
  affects: readonly string[] | '*';
  /** What gets weaker, in words. Never quotes a value that could be a secret (allow values, patterns). */
  message: string;
  /** What the change is, for the finding's fingerprint. */
  identity: string;
  /**
   * The change switches a whole check, or one of its rules, off everywhere: the effect a lock on
   * `checks.<id>.enabled` forbids, by whatever route. Partial changes (a path allowed) leave it unset.
   */
  total?: boolean;
}

/** List settings whose entries exempt something: adding one weakens the check. */
const EXEMPTING_LISTS = new Set(['allow', 'ignore-names', 'code-exclude', 'with-default', 'public-prefixes', 'allow-hosts', 'session-names-ignore']);
/** List settings whose entries demand something: removing one weakens the check. */
const DEMANDING_LISTS = new Set(['required', 'scopes', 'must-ignore', 'must-not-commit', 'reports', 'globs', 'require-pinned', 'session-names']);
/** Booleans that weaken when they become true, and ones that weaken when they become false. */
const WEAKER_WHEN_TRUE = new Set(['ignore-dev', 'new-only', 'allow-empty']);
const WEAKER_WHEN_FALSE = new Set(['run', 'require-audit', 'tree-on-pull-requests']);
/** Numbers that weaken when they go down, and ones that weaken when they go up. */
const WEAKER_WHEN_LOWER = new Set(['min-files']);
const ADVISORY_RANK: Record<string, number> = { low: 1, moderate: 2, high: 3, critical: 4 };

const enabled = (section: CheckSection | undefined) => !!section && section.enabled !== false;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function added(before: unknown, after: unknown): unknown[] {
  const was = Array.isArray(before) ? before : [];
  return Array.isArray(after) ? after.filter((a) => !was.some((b) => isDeepStrictEqual(a, b))) : [];
}

/** Globs are shown: they name paths, never secrets. */
const globs = (list: unknown[]) => list.map((g) => `\`${String(g)}\``).join(', ');

/**
 * Every way `after` is weaker than `before`. Settings whose direction is not known are reported as
 * changes to review: the comparison fails towards telling the reviewer.
 */
export function weakenings(before: Policy, after: Policy, checks: readonly CheckMeta[], now: Date = new Date()): Weakening[] {
  const out: Weakening[] = [];
  if (isLooserFailOn(after.failOn, before.failOn)) {
    out.push({ path: ['fail-on'], affects: '*', message: `fail-on goes from \`${before.failOn}\` to \`${after.failOn}\`: fewer findings fail the gate`, identity: `fail-on:${after.failOn}` });
  }
  const newIgnores = added(before.ignore, after.ignore);
  if (newIgnores.length) out.push({ path: ['ignore'], affects: '*', message: `ignore adds ${globs(newIgnores)}: no check looks at those paths`, identity: `ignore:${newIgnores.join(',')}`, total: coversEverything(after.ignore) });
  // A larger limit scans more; only a smaller one skips files. Finding caps list fewer, but count the rest.
  if (after.limits.maxFileSize < before.limits.maxFileSize) {
    out.push({ path: ['limits', 'max-file-size'], affects: '*', message: 'limits.max-file-size goes down: larger files are skipped by every check', identity: `max-file-size:${after.limits.maxFileSize}` });
  }
  if (after.baseline !== undefined && after.baseline !== before.baseline) {
    out.push({ path: ['baseline'], affects: '*', message: `baseline now reads \`${after.baseline}\`: the findings it lists stop failing the gate`, identity: `baseline:${after.baseline}` });
  }
  if (after.allowEmptyScan && !before.allowEmptyScan) {
    out.push({ path: ['allow-empty-scan'], affects: '*', message: 'allow-empty-scan: a scan that reads no file passes', identity: 'allow-empty-scan' });
  }
  if (inlineRank(after.suppressions.inline) > inlineRank(before.suppressions.inline)) {
    out.push({ path: ['suppressions', 'inline'], affects: '*', message: `suppressions.inline goes from \`${before.suppressions.inline}\` to \`${after.suppressions.inline}\`: more inline comments suppress findings`, identity: `suppressions:${after.suppressions.inline}` });
  }
  for (const lock of before.lock) {
    if (!after.lock.includes(lock)) out.push({ path: ['lock'], affects: '*', message: `the lock on \`${lock}\` is removed`, identity: `lock:${lock}` });
  }
  // An exception past its date suppresses nothing: adding one weakens nothing.
  for (const exception of newExceptions(before.exceptions, after.exceptions).filter((e) => !isExpired(e.expires, now))) {
    const affects = exception.rule !== undefined && !exception.fingerprint ? checksMatching(exception.rule, checks) : '*';
    const what = [exception.rule && `rule \`${exception.rule}\``, exception.path && `path \`${exception.path}\``, exception.fingerprint && `fingerprint ${exception.fingerprint}`].filter(Boolean).join(', ');
    const total = !exception.fingerprint && (exception.path === undefined || coversEverything([exception.path]));
    out.push({ path: ['exceptions', exception.origin.index], affects, message: `a new exception (${what}, until ${exception.expires ?? 'no date'}) suppresses findings`, identity: `exception:${JSON.stringify([exception.rule, exception.path, exception.fingerprint, exception.expires])}`, total });
  }
  for (const rule of before.rules) {
    if (!after.rules.some((r) => r.id === rule.id && isDeepStrictEqual(withoutOrigin(r), withoutOrigin(rule)))) {
      out.push({ path: ['rules'], affects: ['rules'], message: `policy rule \`${String(rule.id)}\` is removed or changed`, identity: `rule:${String(rule.id)}` });
    }
  }
  for (const meta of checks) out.push(...checkWeakenings(meta, before.checks[meta.id], after.checks[meta.id], after.failOn));
  return out;
}

/** Paths of every kind a repository has: globs that match them all leave nothing to check. */
const PROBE_PATHS = ['a', 'README.md', '.env', 'src/index.ts', 'deploy/keys/id_rsa', 'a/b/c/d/e/config.yml', '.github/workflows/ci.yml'];

function coversEverything(patterns: readonly string[]): boolean {
  const matches = compileGlobs(patterns);
  return PROBE_PATHS.every((p) => matches(p));
}

/** The checks whose rules a rule id or a glob over ids (`secrets/*`, `*`) can name. */
function checksMatching(rule: string, checks: readonly CheckMeta[]): string[] | '*' {
  if (rule === '*' || rule === 'all') return '*';
  const head = rule.split('/')[0] ?? '';
  return checks.filter((c) => ruleMatches(head, c.id)).map((c) => c.id);
}

function inlineRank(mode: Policy['suppressions']['inline']): number {
  return mode === 'off' ? 0 : mode === 'with-reason' ? 1 : 2;
}

function withoutOrigin(rule: Record<string, unknown>): Record<string, unknown> {
  const { origin: _origin, ...rest } = rule;
  return rest;
}

function newExceptions(before: readonly PolicyException[], after: readonly PolicyException[]): PolicyException[] {
  const key = (e: PolicyException) => JSON.stringify([e.rule, e.path, e.fingerprint, e.expires]);
  const known = new Set(before.map(key));
  return after.filter((e) => !known.has(key(e)));
}

function checkWeakenings(meta: CheckMeta, before: CheckSection | undefined, after: CheckSection | undefined, failOn: FailOn): Weakening[] {
  const id = meta.id;
  if (!enabled(before)) return [];
  const at = (...path: (string | number)[]): PolicyPath => ['checks', id, ...path];
  if (!enabled(after)) {
    return [{ path: after ? at('enabled') : ['checks'], affects: [id], message: `the ${id} check is turned off`, identity: `off:${id}`, total: true }];
  }
  const was = before as CheckSection;
  const now = after as CheckSection;
  const out: Weakening[] = [];
  const severityOf = (section: CheckSection, rule: string, fallback: Severity) => (section.severity?.[rule] ?? fallback) as Severity | 'off';
  const ruleIds = new Set([...meta.rules.map((r) => r.id), ...Object.keys(was.severity ?? {}), ...Object.keys(now.severity ?? {})]);
  for (const rule of ruleIds) {
    const fallback = meta.rules.find((r) => r.id === rule)?.severity ?? 'error';
    const from = severityOf(was, rule, fallback);
    const to = severityOf(now, rule, fallback);
    if (from === to || from === 'off') continue;
    if (to === 'off') out.push({ path: at('severity', rule), affects: [id], message: `rule \`${rule}\` is turned off`, identity: `severity:${rule}:off`, total: true });
    else if (severityRank(to) < severityRank(from)) {
      // Lowered below what fails the gate, a rule still reports but never blocks: off, as far as the gate goes.
      out.push({ path: at('severity', rule), affects: [id], message: `rule \`${rule}\` goes from ${from} to ${to}`, identity: `severity:${rule}:${to}`, total: !failsGate(to, failOn) });
    }
  }
  const ignores = added(was.ignore, now.ignore);
  if (ignores.length) out.push({ path: at('ignore'), affects: [id], message: `checks.${id}.ignore adds ${globs(ignores)}`, identity: `ignore:${id}:${ignores.join(',')}`, total: coversEverything(now.ignore ?? []) });
  if (now.baseline !== undefined && now.baseline !== was.baseline) {
    out.push({ path: at('baseline'), affects: [id], message: `checks.${id}.baseline now reads \`${now.baseline}\``, identity: `baseline:${id}:${now.baseline}` });
  }
  const common = new Set(['enabled', 'severity', 'ignore', 'baseline']);
  const keys = new Set([...Object.keys(was), ...Object.keys(now)].filter((k) => !common.has(k)));
  for (const key of keys) {
    const from = was[key];
    const to = now[key];
    if (isDeepStrictEqual(from, to)) continue;
    const where = formatKeyPath(['checks', id, key]);
    const path = at(key);
    const identity = `setting:${id}:${key}:${JSON.stringify(to) ?? ''}`;
    if (EXEMPTING_LISTS.has(key)) {
      const more = added(from, to);
      if (more.length) out.push({ path, affects: [id], message: `${where} gains ${plural(more.length, 'entry')}: what they match is no longer reported`, identity });
    } else if (DEMANDING_LISTS.has(key)) {
      const fewer = added(to, from);
      if (fewer.length || to === undefined) out.push({ path, affects: [id], message: `${where} loses ${fewer.length ? plural(fewer.length, 'entry') : 'its setting'}: less is required`, identity });
    } else if (WEAKER_WHEN_TRUE.has(key)) {
      if (to === true && from !== true) out.push({ path, affects: [id], message: `${where} becomes true`, identity });
    } else if (WEAKER_WHEN_FALSE.has(key)) {
      if (to !== true && from === true) out.push({ path, affects: [id], message: `${where} is no longer true`, identity });
    } else if (WEAKER_WHEN_LOWER.has(key)) {
      if (typeof from === 'number' && (typeof to !== 'number' || to < from)) out.push({ path, affects: [id], message: `${where} goes down from ${from}${typeof to === 'number' ? ` to ${to}` : ''}`, identity });
    } else if (key === 'fail-on-severity') {
      if ((ADVISORY_RANK[String(to ?? 'high')] ?? 0) > (ADVISORY_RANK[String(from ?? 'high')] ?? 0)) out.push({ path, affects: [id], message: `${where} goes from ${String(from ?? 'high')} to ${String(to ?? 'high')}: fewer advisories fail the gate`, identity });
    } else {
      // A setting whose direction this comparison does not know: the reviewer decides.
      out.push({ path, affects: [id], message: `${where} changes: review whether it relaxes the check`, identity });
    }
  }
  return out;
}
