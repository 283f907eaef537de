import type { Finding } from '../core/finding.js';

export const BASELINE_VERSION = 1;

/** A baseline file: the findings a team accepted when adopting the gate. Only fingerprints matter. */
export interface BaselineFile {
  version: number;
  generated?: string;
  findings: { fingerprint: string; rule?: string; path?: string }[];
}

export class BaselineError extends Error {}

export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const findings = (data as BaselineFile | null)?.findings;
  if (typeof data !== 'object' || data === null || !Array.isArray(findings)) {
    throw new BaselineError(`${file} is not a Security Gate baseline: expected {"version": 1, "findings": [...]}`);
  }
  const set = new Set<string>();
  for (const [i, entry] of findings.entries()) {
    if (typeof entry?.fingerprint !== 'string') throw new BaselineError(`${file}: findings[${i}] has no fingerprint`);
    set.add(entry.fingerprint);
  }
  return set;
}

/** The baseline content for a set of findings; stable order so that regenerating it gives small diffs. */
export function buildBaseline(findings: readonly Finding[], generated: Date): BaselineFile {
  const unique = new Map<string, { fingerprint: string; rule: string; path?: string }>();
  for (const f of findings) unique.set(f.fingerprint, { fingerprint: f.fingerprint, rule: f.ruleId, path: f.location?.path });
  return {
    version: BASELINE_VERSION,
    generated: generated.toISOString().slice(0, 10),
    findings: [...unique.values()].sort((a, b) => (a.rule + (a.path ?? '') + a.fingerprint).localeCompare(b.rule + (b.path ?? '') + b.fingerprint)),
  };
}

/** Reads baseline files; an unreadable one is a problem to report, never a reason to crash. */
export async function loadBaselines(
  paths: readonly string[],
  read: (path: string) => Promise<string>,
): Promise<{ sets: Map<string, Set<string>>; problems: { path: string; message: string }[] }> {
  const sets = new Map<string, Set<string>>();
  const problems: { path: string; message: string }[] = [];
  for (const path of new Set(paths)) {
    try {
      sets.set(path, parseBaseline(await read(path), path));
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ENOENT' || (error as { code?: string }).code === 'missing';
      problems.push({ path, message: missing ? `${path} does not exist (write it with \`security-gate baseline\`)` : (error as Error).message });
    }
  }
  return { sets, problems };
}
