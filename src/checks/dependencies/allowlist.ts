import { satisfies } from 'semver';
import type { Vulnerability } from './model.js';
import type { AllowEntry } from './settings.js';

export interface CompiledAllow {
  entry: AllowEntry;
  index: number;
  expired: boolean;
  /** How many advisories (or paths of advisories) it accepted in this run. */
  used: number;
  /** Does the entry's id/package/version part match? (paths are matched separately) */
  matchesAdvisory(v: Vulnerability): boolean;
  /** Undefined when the entry has no path. */
  matchesPath?: (path: string) => boolean;
}

/** True when `today` (UTC) is after the entry's last day. */
export function isExpired(expires: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > expires;
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `a>b>c` with `*` for exactly one package (or, inside a name, any characters) and `**` for any number
 * of packages, matched against the whole path.
 */
export function compilePathPattern(pattern: string): (path: string) => boolean {
  const segments = pattern.split('>').map((s) => s.trim()).filter(Boolean);
  const tests = segments.map((s) => (s === '**' ? undefined : new RegExp(`^${s.split('*').map(escape).join('.*')}$`)));
  return (joined) => {
    const path = joined.split('>');
    const match = (i: number, j: number): boolean => {
      if (i === segments.length) return j === path.length;
      const test = tests[i];
      if (!test) return match(i + 1, j) || (j < path.length && match(i, j + 1));
      return j < path.length && test.test(path[j] as string) && match(i + 1, j + 1);
    };
    return match(0, 0);
  };
}

export function compileAllowlist(entries: readonly AllowEntry[], now: Date): CompiledAllow[] {
  return entries.map((entry, index) => {
    const id = entry.id?.trim().toLowerCase();
    const matchesPath = entry.path ? compilePathPattern(entry.path) : undefined;
    const compiled: CompiledAllow = {
      entry,
      index,
      expired: isExpired(entry.expires, now),
      used: 0,
      matchesAdvisory(v) {
        if (id) {
          const a = v.advisory;
          const ids = [a.key, a.ghsa, a.sourceId, ...a.cves].filter((x): x is string => !!x).map((x) => x.toLowerCase());
          if (!ids.includes(id) && !ids.includes(id.replace(/^npm:/, ''))) return false;
        }
        if (entry.package && entry.package !== v.package) return false;
        if (entry.version) {
          // Unknown installed versions cannot be shown to be in the range: the entry does not apply.
          if (!v.versions.length || !v.versions.every((ver) => satisfies(ver, entry.version as string, { includePrerelease: true }))) return false;
        }
        return true;
      },
      ...(matchesPath ? { matchesPath } : {}),
    };
    return compiled;
  });
}

export interface AllowDecision {
  /** The entry that accepts the whole advisory, when one does. */
  allowedBy?: CompiledAllow;
  /** Paths still vulnerable after path entries took theirs. */
  remainingPaths: string[];
  /** Path entries that accepted some paths. */
  pathEntries: CompiledAllow[];
}

/** Applies the live (unexpired) entries to one advisory of one package. */
export function decideAllow(v: Vulnerability, allow: readonly CompiledAllow[]): AllowDecision {
  const live = allow.filter((a) => !a.expired && a.matchesAdvisory(v));
  const whole = live.find((a) => !a.matchesPath);
  if (whole) return { allowedBy: whole, remainingPaths: v.paths, pathEntries: [] };
  const pathEntries = new Set<CompiledAllow>();
  const remainingPaths = v.paths.filter((p) => {
    const hit = live.find((a) => a.matchesPath?.(p));
    if (hit) pathEntries.add(hit);
    return !hit;
  });
  const entries = [...pathEntries];
  // Only a complete list of paths can be accepted path by path: unseen paths may not match the entries.
  if (v.paths.length > 0 && remainingPaths.length === 0 && !v.pathsTruncated) return { allowedBy: entries[0], remainingPaths, pathEntries: entries };
  return { remainingPaths, pathEntries: entries };
}
