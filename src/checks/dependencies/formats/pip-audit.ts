import type { ParsedReport, Vulnerability } from '../model.js';
import { ShapeError, arr, at, ghsaIn, isCve, isObject, obj, optStr, str, strList, type Json } from './shape.js';

/** A dependency entry: `{name, version, vulns}` or, for what pip-audit could not audit, `{name, skip_reason}`. */
function isDependency(value: Json): boolean {
  return isObject(value) && typeof value.name === 'string' && (Array.isArray(value.vulns) || typeof value.skip_reason === 'string');
}

/**
 * `pip-audit -f json`: `{"dependencies": [...], "fixes": [...]}`, or a bare list of dependencies before
 * pip-audit 2.0. Neither carries a severity (the PyPI and OSV services it asks give none offline), so
 * every advisory's severity is assumed, never guessed low.
 */
export function isPipAudit(value: Json): boolean {
  // Told by its outline; the parser then names any entry that is malformed.
  if (Array.isArray(value)) return value.some(isDependency) && value.every(isObject);
  return isObject(value) && Array.isArray(value.dependencies) && 'fixes' in value && Object.keys(value).every((k) => k === 'dependencies' || k === 'fixes');
}

export function parsePipAudit(value: Json): ParsedReport {
  const list = Array.isArray(value) ? value : arr(obj(value, 'the report').dependencies, 'dependencies');
  const where = Array.isArray(value) ? 'the report' : 'dependencies';
  const vulnerabilities: Vulnerability[] = [];
  const skipped: string[] = [];
  const audited: string[] = [];
  // pip-audit in an environment where nothing is installed (no `-r`, no install step) prints an empty list.
  if (!list.length) throw new ShapeError(`pip-audit audited no dependency (${where} is empty): it ran in an empty environment; give it the project's requirements (\`pip-audit -r requirements.txt\`) or run it where the project is installed`);
  for (const [i, raw] of list.entries()) {
    const dep = obj(raw, at(where, i));
    const name = str(dep.name, at(at(where, i), 'name'));
    if (typeof dep.skip_reason === 'string') {
      skipped.push(`${name} (${dep.skip_reason})`);
      continue;
    }
    const version = str(dep.version, at(at(where, i), 'version'));
    audited.push(name);
    for (const [j, rawVuln] of arr(dep.vulns, at(at(where, i), 'vulns')).entries()) {
      const place = at(at(at(where, i), 'vulns'), j);
      const v = obj(rawVuln, place);
      const id = str(v.id, at(place, 'id'));
      const aliases = strList(v.aliases ?? [], at(place, 'aliases'));
      const fixes = strList(v.fix_versions ?? [], at(place, 'fix_versions'));
      const ghsa = [id, ...aliases].map((a) => ghsaIn(a)).find(Boolean);
      const cves = [id, ...aliases].filter(isCve).map((c) => c.toUpperCase());
      const description = optStr(v.description, at(place, 'description'));
      vulnerabilities.push({
        advisory: {
          key: ghsa ?? cves[0] ?? id,
          ...(ghsa ? { ghsa } : {}),
          cves,
          sourceId: id,
          title: description ? firstSentence(description) : `${id} in ${name}`,
          url: ghsa ? `https://github.com/advisories/${ghsa}` : `https://osv.dev/vulnerability/${id}`,
          severity: 'high',
          severityAssumed: true,
          cwes: [],
          ...(fixes.length ? { patchedRange: fixes.map((f) => `>=${f}`).join(' || ') } : {}),
        },
        package: name,
        versions: [version],
        paths: [name],
        fix: fixes.length ? { available: true, name, version: lowest(fixes), fromReport: true } : { available: false },
        ecosystem: 'PyPI',
      });
    }
  }
  if (skipped.length && !vulnerabilities.length && skipped.length === list.length) {
    throw new ShapeError(`pip-audit skipped every dependency: ${skipped.slice(0, 3).join('; ')}`);
  }
  return { format: 'pip-audit', vulnerabilities, deprecations: 0, dependencyCount: audited.length, packages: audited, pathsUnreliable: true };
}

function firstSentence(text: string): string {
  const line = text.trim().split(/\n/)[0] ?? '';
  const cut = line.search(/\.\s/);
  const sentence = cut > 0 ? line.slice(0, cut + 1) : line;
  return sentence.length > 160 ? `${sentence.slice(0, 157)}…` : sentence;
}

/** The lowest of PEP 440 versions written as dotted numbers (what fix_versions lists). */
function lowest(versions: string[]): string {
  const key = (v: string) => v.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
  return [...versions].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (ka[i] ?? 0) - (kb[i] ?? 0);
    return 0;
  })[0] as string;
}
