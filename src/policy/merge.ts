import { isDeepStrictEqual } from 'node:util';
import { severityRank, type FailOn } from '../core/severity.js';
import { formatKeyPath, type PolicyProblem } from './errors.js';
import type { CheckMeta } from '../core/check.js';
import type { CheckSection, InlineSuppressions, Policy } from './types.js';
import { weakenings } from './weakening.js';
import type { YamlSource } from './yaml-source.js';

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
/** Enough for any report a person reads; past it, memory and reports stay bounded and the rest is counted. */
export const DEFAULT_MAX_FINDINGS = 10_000;
export const DEFAULT_MAX_FINDINGS_PER_FILE = 200;

/** One policy document in the merge order: presets and extended files first, the repository's file last. */
export interface Layer {
  /** How reports name it: `preset:recommended`, `security-policy.yml`, `octo/policies/base.yml@v1`. */
  name: string;
  source: YamlSource;
  data: Record<string, unknown>;
}

/** Top-level lists that accumulate across layers instead of being replaced. */
const ACCUMULATED = new Set(['ignore', 'rules', 'lock']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Maps merge key by key; lists and scalars of a later layer replace earlier ones. */
function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function mergeRaw(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (key === 'version' || key === 'extends' || key === 'exceptions') continue;
    if (ACCUMULATED.has(key) && Array.isArray(value)) {
      const prev = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...prev, ...value.filter((v) => !prev.some((p) => isDeepStrictEqual(p, v)))];
    } else if (key === 'checks' && isPlainObject(value)) {
      out.checks = deepMerge(isPlainObject(out.checks) ? out.checks : {}, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function getIn(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const part of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Dotted lock paths (`checks.secrets.enabled`) as key paths. */
export function lockPath(lock: string): string[] {
  return lock.split('.');
}

function allowedChange(path: string[], locked: unknown, next: unknown): boolean {
  // fail-on may only become stricter under a lock.
  if (path.length === 1 && path[0] === 'fail-on' && typeof locked === 'string' && typeof next === 'string') {
    if (locked === 'none') return true;
    if (next === 'none') return false;
    return severityRank(next as Exclude<FailOn, 'none'>) <= severityRank(locked as Exclude<FailOn, 'none'>);
  }
  return false;
}

/**
 * Merges the layers in order. A layer's `lock:` freezes key paths for every later layer: changing a locked
 * value is a problem reported on the later layer's line (except making `fail-on` stricter). A lock on a
 * check (`checks.files` or `checks.files.enabled`) or on `checks` also closes every other route to the same
 * effect: lowering or turning off its rules, ignores, exceptions and baselines that reach it.
 */
export function mergeLayers(layers: readonly Layer[], requested: string[], checks: readonly CheckMeta[] = []): { policy: Policy; problems: PolicyProblem[] } {
  let merged: Record<string, unknown> = {};
  const locks = new Map<string, { by: string; value: unknown }>();
  const problems: PolicyProblem[] = [];
  const exceptions: Policy['exceptions'] = [];
  // Where each accumulated rule is written, as exceptions keep theirs (the merged list holds raw rules).
  const ruleOrigins: { file: string; index: number }[] = [];
  for (const layer of layers) {
    const next = mergeRaw(merged, layer.data);
    const layerRules = (layer.data.rules as unknown[] | undefined) ?? [];
    for (const added of ((next.rules as unknown[] | undefined) ?? []).slice(ruleOrigins.length)) {
      ruleOrigins.push({ file: layer.source.file, index: layerRules.findIndex((r) => isDeepStrictEqual(r, added)) });
    }
    const reported: string[][] = [];
    const refuse = (path: string[], message: string) => {
      const key = formatKeyPath(path);
      // One problem per place: a locked section already refused covers every weakening inside it.
      if (reported.some((r) => r.every((part, i) => path[i] === part))) return;
      reported.push(path);
      const written = layer.source.has(path) ? path : path.filter((_, i) => layer.source.has(path.slice(0, i + 1)));
      problems.push({ file: layer.source.file, ...layer.source.locate(written.length ? written : path), key, message });
    };
    for (const [lock, { by, value }] of locks) {
      const path = lockPath(lock);
      const after = getIn(next, path);
      if (isDeepStrictEqual(after, value) || allowedChange(path, value, after)) continue;
      if (lock === 'exceptions') continue;
      refuse(path, `${formatKeyPath(path)} is locked by ${by}: this policy cannot change it`);
    }
    const layerExceptions: Policy['exceptions'] = ((layer.data.exceptions as Record<string, unknown>[] | undefined) ?? []).map((entry, index) => ({
      ...(entry as unknown as Omit<Policy['exceptions'][number], 'origin'>),
      origin: { file: layer.source.file, index },
    }));
    if (layerExceptions.length && locks.has('exceptions')) {
      // Exceptions are collected outside the merged map, so their lock is enforced here.
      const lock = locks.get('exceptions') as { by: string };
      problems.push({ file: layer.source.file, ...layer.source.locate(['exceptions'], { key: true }), key: 'exceptions', message: `exceptions is locked by ${lock.by}: this policy cannot add exceptions` });
    } else {
      const guarded = guardedChecks(locks, checks);
      if (guarded.size) {
        const before = toPolicy(merged, exceptions, requested);
        const after = toPolicy(next, [...exceptions, ...layerExceptions], requested);
        for (const w of weakenings(before, after, checks)) {
          const reaches = (id: string) => guarded.get(id)?.whole || (w.total && guarded.has(id));
          const hit = (w.affects === '*' ? [...guarded.keys()] : w.affects).filter(reaches);
          if (!hit.length) continue;
          const by = guarded.get(hit[0] as string)?.by as string;
          refuse(w.path.map(String), `${w.message}, but checks.${hit.join(', checks.')} ${hit.length === 1 ? 'is' : 'are'} locked by ${by}: this policy cannot weaken ${hit.length === 1 ? 'it' : 'them'}`);
        }
      }
      exceptions.push(...layerExceptions);
    }
    for (const lock of (layer.data.lock as string[] | undefined) ?? []) {
      if (!locks.has(lock)) locks.set(lock, { by: layer.name, value: structuredClone(lock === 'exceptions' ? undefined : getIn(next, lockPath(lock))) });
    }
    merged = next;
  }
  const policy = toPolicy(merged, exceptions, requested);
  policy.rules = policy.rules.map((rule, i) => ({ ...rule, origin: ruleOrigins[i] }));
  // Rules written in the policy run even when no layer lists the `rules` check (e.g. `extends: []`).
  if (policy.rules.length && !policy.checks.rules) policy.checks.rules = {};
  return { policy, problems };
}

/**
 * The checks a lock guards, with the layer that locked each: a lock on the section (`checks.files`, or
 * `checks`) forbids every weakening of it; a lock on `checks.files.enabled` forbids switching it, or any
 * of its rules, off by any route (severity, ignores or exceptions that cover everything).
 */
function guardedChecks(locks: ReadonlyMap<string, { by: string }>, checks: readonly CheckMeta[]): Map<string, { by: string; whole: boolean }> {
  const guarded = new Map<string, { by: string; whole: boolean }>();
  for (const [lock, { by }] of locks) {
    const [head, id, key] = lockPath(lock);
    if (head !== 'checks') continue;
    if (id === undefined) for (const c of checks) guarded.set(c.id, { by, whole: true });
    else if (key === undefined) guarded.set(id, { by, whole: true });
    else if (key === 'enabled' && !guarded.get(id)?.whole) guarded.set(id, { by, whole: false });
  }
  return guarded;
}

export function parseSize(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!m) return fallback;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

function toPolicy(raw: Record<string, unknown>, exceptions: Policy['exceptions'], requested: string[]): Policy {
  const limits = raw.limits as Record<string, unknown> | undefined;
  return {
    version: 1,
    extends: requested,
    failOn: (raw['fail-on'] as FailOn | undefined) ?? 'error',
    ignore: (raw.ignore as string[] | undefined) ?? [],
    ...(raw.baseline !== undefined ? { baseline: raw.baseline as string } : {}),
    limits: {
      maxFileSize: parseSize(limits?.['max-file-size'], DEFAULT_MAX_FILE_SIZE),
      maxFindings: (limits?.['max-findings'] as number | undefined) ?? DEFAULT_MAX_FINDINGS,
      maxFindingsPerFile: (limits?.['max-findings-per-file'] as number | undefined) ?? DEFAULT_MAX_FINDINGS_PER_FILE,
    },
    exceptions,
    checks: (raw.checks as Record<string, CheckSection> | undefined) ?? {},
    rules: (raw.rules as Record<string, unknown>[] | undefined) ?? [],
    lock: (raw.lock as string[] | undefined) ?? [],
    suppressions: { inline: ((raw.suppressions as Record<string, unknown> | undefined)?.inline as InlineSuppressions | undefined) ?? 'with-reason' },
    allowEmptyScan: raw['allow-empty-scan'] === true,
  };
}
